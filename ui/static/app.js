// jirga web UI: the only script. Every page works without it; it adds one
// thing, signing a vote in the browser with WebCrypto Ed25519, so that a
// delegate's key never leaves their machine. The envelope it signs is the
// ledger's canonical JSON (docs/ledger.md): keys in sorted order, no
// whitespace, which JSON.stringify produces when objects are built with
// their keys already sorted.
"use strict";

(function () {
  const form = document.getElementById("sign-vote");
  if (!form || !window.crypto || !crypto.subtle) {
    return;
  }
  const status = form.querySelector(".sign-status");
  const say = (text) => { status.textContent = text; };

  // Show the form only where WebCrypto can use Ed25519 keys.
  crypto.subtle.importKey("raw", new Uint8Array(32), { name: "Ed25519" }, false, ["verify"])
    .then(() => { form.hidden = false; }, () => {});

  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  async function readKey(file) {
    let jwk;
    try {
      jwk = JSON.parse(await file.text());
    } catch (e) {
      throw new Error("the key file is not JSON: " + e.message);
    }
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.d || !jwk.x) {
      throw new Error("the key file is not a private Ed25519 JSON Web Key (kty OKP, crv Ed25519, with d and x)");
    }
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d },
      { name: "Ed25519" }, false, ["sign"]);
    return { key, pub: jwk.x };
  }

  async function answer(res) {
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      throw new Error((body.error && body.error.message) || res.statusText);
    }
    return body;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const proposal = form.dataset.proposal;
    const data = new FormData(form);
    const file = data.get("key");
    if (!file || !file.size) {
      say("Choose your delegate key file.");
      return;
    }
    try {
      say("Signing…");
      const { key, pub } = await readKey(file);
      const base = "/proposals/" + encodeURIComponent(proposal);
      const signer = await answer(await fetch(base + "/signer?key=" + encodeURIComponent(pub)));
      // Keys in sorted order: this is the canonical encoding. Without a
      // member the vote counts for every member the delegate acts for.
      const member = data.get("member");
      const body = member ? { member: member, proposal: proposal, vote: data.get("vote") } : { proposal: proposal, vote: data.get("vote") };
      const envelope = JSON.stringify({
        body: body, chain_id: signer.chain_id, kind: "proposal.vote", signer: pub, signer_seq: signer.signer_seq,
      });
      const sig = await crypto.subtle.sign({ name: "Ed25519" }, key, new TextEncoder().encode(envelope));
      const res = await answer(await fetch(base + "/votes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"envelope":' + envelope + ',"signature":"' + b64url(sig) + '"}',
      }));
      say("Vote recorded in ledger entry " + res.index + ". Reloading…");
      location.reload();
    } catch (e) {
      say("Not recorded: " + e.message);
    }
  });
})();
