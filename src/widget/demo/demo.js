// The demo page's own script (a file, not inline, so the page's CSP can forbid inline scripts).
// The demo connector only accepts pages on localhost; say so instead of showing a broken chat.
{
  const onLocalhost = location.hostname === "localhost" || location.hostname.endsWith(".localhost");
  if (!onLocalhost) {
    const port = location.port ? `:${location.port}` : "";
    document.getElementById("host-link").href =
      `${location.protocol}//localhost${port}${location.pathname}`;
    document.getElementById("host-hint").style.display = "block";
  }
  document.getElementById("open-chat").addEventListener("click", () => {
    const chat = document.querySelector("switchboard-chat");
    if (chat) chat.open = true;
  });
}

// DEMO ONLY: the widget asks this for a verified-context token before the agent joins. A real site
// asks its own backend, which signs the logged-in visitor's facts; the demo server vouches for anyone.
window.switchboardDemo = {
  async signVisitor({ contextId }) {
    const response = await fetch("/demo/context-token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ context_id: contextId }),
    });
    if (!response.ok) return null;
    return (await response.json()).token;
  },
};
