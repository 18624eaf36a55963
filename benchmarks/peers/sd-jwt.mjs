// Times the npm SD-JWT VC peer, @sd-jwt/sd-jwt-vc with @sd-jwt/crypto-nodejs (node:crypto), on the fixture that
// benchmarks/Honnin.Benchmarks wrote (`compare`): verification of the very SD-JWT+KB text Honnin produced (key binding
// required, same aud and nonce), with the issuer's key and with its x5c chain to the IACA, and issuance and
// presentation of the same 20-claim shape (every claim disclosable, 3 decoys, cnf.jwk, x5c header) with the same keys.
// Usage: node sd-jwt.mjs FIXTURE.json BATCHES BATCH_MS WARMUP_MS; writes {peer: {case: {batches, opsPerSecond, note?}}}.
import { readFileSync } from 'node:fs';
import { X509Certificate, verify as nodeVerify } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { timePeer } from './lib/timing.mjs';

const [fixturePath, batches = '5', batchMs = '300', warmUpMs = '500'] = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));
const settings = { batches: Number(batches), batchMs: Number(batchMs), warmUpMs: Number(warmUpMs) };

// The holder key arrives in cnf.jwk and is imported for each KB-JWT, as in tests/interop/peer.mjs (and as Honnin does).
const kbVerifier = async (data, signature, payload) => {
  const jwk = payload?.cnf?.jwk;
  if (!jwk) throw new Error('no cnf.jwk');
  return (await ES256.getVerifier(jwk))(data, signature);
};

const base = { hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: ES256.alg, kbSignAlg: ES256.alg, kbVerifier };

// Issuer-key trust: the configured issuer key, imported once.
const withKey = new SDJwtVcInstance({ ...base, verifier: await ES256.getVerifier(fixture.issuerPublicJwk) });

// x5c trust: the library leaves it to the verifier callback, so this is what its user writes with node:crypto: the
// leaf from the header, its signature by the IACA, its validity, then the JWS with its key (imported per presentation).
const iaca = new X509Certificate(fixture.trustedCertificatePem);
const x5cVerifier = async (data, signature) => {
  const header = JSON.parse(Buffer.from(data.slice(0, data.indexOf('.')), 'base64url').toString('utf8'));
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw new Error('no x5c');
  const leaf = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
  const now = Date.now();
  if (!leaf.checkIssued(iaca) || !leaf.verify(iaca.publicKey) || now < Date.parse(leaf.validFrom) || now > Date.parse(leaf.validTo)) {
    throw new Error('the x5c leaf does not chain to the IACA');
  }

  return nodeVerify('sha256', Buffer.from(data), { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
};
const withX5c = new SDJwtVcInstance({ ...base, verifier: x5cVerifier });

async function verify(instance) {
  const result = await instance.verify(fixture.presentation, { keyBindingNonce: fixture.nonce });
  // The library checks the KB-JWT nonce and sd_hash but not its aud: checked here, as Honnin does.
  if (result.kb?.payload?.aud !== fixture.audience) throw new Error('KB-JWT aud mismatch');
  if (result.payload.iss !== fixture.iss) throw new Error('iss mismatch');
  return result;
}

async function check(instance) {
  const { payload } = await verify(instance);
  const missing = fixture.disclose.filter((name) => !(name in payload));
  if (missing.length > 0) throw new Error('not disclosed: ' + missing.join(', '));
}

// ---- issuance and presentation -------------------------------------------------------------------------------------

const issuer = new SDJwtVcInstance({ ...base, signer: await ES256.getSigner(fixture.issuerPrivateJwk) });
const frame = { _sd: Object.keys(fixture.claims), _sd_decoy: fixture.decoys };
const issuedHeader = { header: { x5c: fixture.x5c } };

function issue(holderPublicJwk) {
  return issuer.issue({ iss: fixture.iss, vct: fixture.vct, iat: fixture.iat, exp: fixture.exp, cnf: { jwk: holderPublicJwk }, ...fixture.claims }, frame, issuedHeader);
}

// Like Honnin's wallet, which keeps the issued text, each presentation starts from the encoded credential.
const credential = await issue(fixture.holderPublicJwk);
const holder = new SDJwtVcInstance({ ...base, kbSigner: await ES256.getSigner(fixture.holderPrivateJwk) });
const presentationFrame = Object.fromEntries(fixture.disclose.map((name) => [name, true]));

function present() {
  return holder.present(credential, presentationFrame, {
    kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: fixture.audience, nonce: fixture.nonce } },
  });
}

async function checkPresentation() {
  const presentation = await present();
  const result = await withKey.verify(presentation, { keyBindingNonce: fixture.nonce });
  if (fixture.disclose.some((name) => !(name in result.payload)) || Object.keys(fixture.claims).length - fixture.disclose.length !== Object.keys(fixture.claims).filter((n) => !(n in result.payload)).length) {
    throw new Error('the presentation does not disclose exactly the 5 claims');
  }
}

// ---- the run -------------------------------------------------------------------------------------------------------

const results = {
  '@sd-jwt/sd-jwt-vc': await timePeer({
    issue: { run: () => issue(fixture.holderPublicJwk), check: async () => { await withKey.verify(await issue(fixture.holderPublicJwk)); } },
    'issue-batch-50': {
      run: async () => { for (const key of fixture.batchHolderPublicJwks) await issue(key); },
      note: 'no batch API: 50 sequential issuances',
    },
    present: { run: present, check: checkPresentation },
    verify: { run: () => verify(withKey), check: () => check(withKey) },
    'verify-x5c': {
      run: () => verify(withX5c),
      check: () => check(withX5c),
      note: 'x5c is not checked by the library: the verifier callback checks the leaf against the IACA with node:crypto (X509Certificate.verify, validity), then the JWS',
    },
  }, settings),
};

process.stdout.write(JSON.stringify(results));
