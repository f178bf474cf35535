"""`psgnews serve`: the live preview an editor keeps open while editing an issue.

`live` starts everything, watches, rebuilds and stops cleanly on Ctrl-C;
`watcher` says which issues a batch of saved files touched (watchfiles);
`previews` holds what was rendered, in memory: outputs or located errors;
`pdfqueue` makes the PDFs in one warm renderer process; `server` is the HTTP
server (the standard library's) with its routes and Host check; `events`
tells the open pages what to reload (server-sent events); `pages` renders the
preview page and the list of issues from `templates/`.
"""
