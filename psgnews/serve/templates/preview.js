// The preview page: reload each part when the server says it was rebuilt, keeping its place.
(() => {
  const page = document.body.dataset;
  const issue = Number(page.issue);
  let version = Number(page.version);
  let dark = false;
  const emails = [...document.querySelectorAll('iframe[data-part="email"]')];
  const pdf = document.querySelector('iframe[data-part="pdf"]');
  const text = document.getElementById("text");
  const errors = document.getElementById("errors");
  const status = document.getElementById("status");
  const main = document.querySelector("main");
  const originals = new WeakMap();

  // Each email frame is as tall as its document, so the box around it scrolls, and a reload
  // (which keeps the frame's height until the new document is in) keeps the place.
  const fit = (frame) => {
    const root = frame.contentDocument && frame.contentDocument.documentElement;
    if (root) frame.style.height = root.scrollHeight + "px";
  };

  // The email's dark styles are @media (prefers-color-scheme: dark) rules: switch them on or off.
  const scheme = (frame) => {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    doc.documentElement.style.colorScheme = dark ? "dark" : "light";
    for (const sheet of doc.styleSheets) {
      let rules = [];
      try { rules = sheet.cssRules; } catch (e) { continue; }
      for (const rule of rules) {
        if (!rule.media) continue;
        if (!originals.has(rule)) originals.set(rule, rule.media.mediaText);
        const written = originals.get(rule);
        if (!/prefers-color-scheme/.test(written)) continue;
        rule.media.mediaText = written.replace(/\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g,
          (all, wants) => ((wants === "dark") === dark ? "(min-width: 0px)" : "(max-width: -1px)"));
      }
    }
  };

  // The email's images are addresses on the Group's web site; show the project's own files.
  const localise = (doc) => {
    for (const image of doc.images) {
      const src = image.getAttribute("src") || "";
      if (src.startsWith(page.webBase)) image.src = page.localBase + src.slice(page.webBase.length);
      image.addEventListener("load", () => emails.forEach(fit));
    }
    for (const link of doc.querySelectorAll("a[href]")) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  };

  const loaded = (frame) => {
    const doc = frame.contentDocument;
    if (!doc) return;
    localise(doc);
    scheme(frame);
    fit(frame);
  };
  for (const frame of emails) {
    frame.addEventListener("load", () => loaded(frame));
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") loaded(frame);
  }

  const reload = {
    email: () => emails.forEach((frame) => frame.contentWindow.location.reload()),
    text: async () => {
      const answer = await fetch(text.dataset.src, { cache: "no-store" });
      if (answer.ok) text.textContent = await answer.text();
    },
    pdf: () => { pdf.src = pdf.src.split("?")[0] + "?v=" + version; },
  };

  const showErrors = (lines) => {
    errors.querySelector("ul").replaceChildren(...lines.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
    const count = lines.length === 1 ? "1 problem" : lines.length + " problems";
    errors.querySelector("h2").textContent = count + ": fix and save, the preview follows";
    errors.hidden = lines.length === 0;
    main.classList.toggle("stale", lines.length > 0);
  };

  const said = (state) => {
    const time = new Date().toLocaleTimeString();
    const pdfState = { rendering: "the PDF is being made", ready: "PDF ready", none: "no PDF" };
    status.textContent = "Updated at " + time + "; " + (pdfState[state.pdf] || "");
  };

  const update = (state, parts) => {
    if (state.issue !== issue) return;
    version = state.version;
    showErrors(state.errors);
    parts.forEach((part) => reload[part]());
    said(state);
    document.body.dataset.version = String(version);
  };

  for (const input of document.querySelectorAll('input[name="scheme"]')) {
    input.addEventListener("change", () => {
      dark = input.value === "dark" && input.checked;
      emails.forEach((frame) => { scheme(frame); fit(frame); });
    });
  }

  let server = null;
  const events = new EventSource("/_psgnews/events");
  events.addEventListener("hello", (event) => {
    const hello = JSON.parse(event.data);
    if (server !== null && server !== hello.server) { location.reload(); return; }
    server = hello.server;
    const state = hello.issues[String(issue)];
    if (state && state.version !== version) update(state, ["email", "text", "pdf"]);
  });
  events.addEventListener("update", (event) => {
    const state = JSON.parse(event.data);
    update(state, state.parts);
  });
  events.onerror = () => { status.textContent = "Lost psgnews serve; trying again…"; };
})();
