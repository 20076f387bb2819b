// Reproduces the test vectors of docs/ledger.md with nothing but what a
// browser has: JSON.stringify over sorted keys, WebCrypto Ed25519 and
// SHA-256. TestWebCrypto runs it with node when node is installed.
const { subtle } = globalThis.crypto;

// canonical is the ledger's canonical JSON: keys sorted (JavaScript sorts
// strings by UTF-16 code units, as RFC 8785 does), no whitespace, strings
// and integers as JSON.stringify writes them.
function canonical(v) {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
}

const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

// The private key of RFC 8032's first test vector, as a JWK.
const jwk = {
  kty: "OKP", crv: "Ed25519",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
  d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
};
const key = await subtle.importKey("jwk", jwk, { name: "Ed25519" }, false, ["sign"]);

const envelope = {
  chain_id: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  kind: "proposal.vote",
  body: { vote: "yes", proposal: "p1" },
  signer: jwk.x,
  signer_seq: 1,
};
const signed = new TextEncoder().encode(canonical(envelope));
const signature = b64url(await subtle.sign("Ed25519", key, signed));
const entry = { index: 1, time: "2026-05-01T00:00:00.000000000Z", prev_hash: envelope.chain_id, envelope, signature };
const hash = hex(await subtle.digest("SHA-256", new TextEncoder().encode(canonical(entry))));

console.log(JSON.stringify({ canonical: canonical(envelope), signature, hash }));
