"""`psgnews publish`: upload the web archive, only what changed, to a folder, SFTP or rsync."""
