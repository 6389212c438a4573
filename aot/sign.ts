/**
 * Ed25519 signing and verification of .aot files with node:crypto (Node
 * only; the format and loader stay portable and take these as functions).
 *
 *   compileWasm(b, wasm, { sign: signer(fs.readFileSync("key.pem")) })
 *   new AotRuntime({ verify: trustedKeys([fs.readFileSync("pub.pem")]) })
 *
 * The key id is the SHA-256 of the public key's DER (SPKI) encoding.
 */
import * as crypto from "node:crypto";

function keyId(pub: crypto.KeyObject): Uint8Array {
  return new Uint8Array(crypto.createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest());
}

/** A signing function for writeAot/compileWasm from an Ed25519 private key (PEM). */
export function signer(privatePem: string | Buffer): (data: Uint8Array) => { keyId: Uint8Array; signature: Uint8Array } {
  const key = crypto.createPrivateKey(privatePem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`signing key must be Ed25519 (got ${key.asymmetricKeyType})`);
  const id = keyId(crypto.createPublicKey(key));
  return (data) => ({ keyId: id, signature: new Uint8Array(crypto.sign(null, data, key)) });
}

/** A verify function for readAot/AotRuntime accepting only files signed by one of these Ed25519 public keys (PEM). */
export function trustedKeys(publicPems: (string | Buffer)[]): (data: Uint8Array, keyId: Uint8Array, signature: Uint8Array) => boolean {
  const keys = publicPems.map((p) => {
    const k = crypto.createPublicKey(p);
    if (k.asymmetricKeyType !== "ed25519") throw new Error(`trusted key must be Ed25519 (got ${k.asymmetricKeyType})`);
    return { k, id: Buffer.from(keyId(k)).toString("hex") };
  });
  return (data, id, signature) => {
    const hex = Buffer.from(id).toString("hex");
    const key = keys.find((x) => x.id === hex);
    return !!key && crypto.verify(null, data, key.k, signature);
  };
}
