// Times the npm mdoc peers on the fixture that benchmarks/Honnin.Benchmarks wrote (`compare`): verification of the very
// DeviceResponse bytes Honnin produced, and issuance and presentation of the same 20-element shape with the same keys.
// Usage: node mdoc.mjs FIXTURE.json BATCHES BATCH_MS WARMUP_MS; writes {peer: {case: {batches, opsPerSecond, note?}}}.
import { readFileSync } from 'node:fs';
import * as auth0 from '@auth0/mdl';
// @auth0/mdl exports no full-date type; its CBOR module has one.
import { DateOnly as Auth0DateOnly } from '@auth0/mdl/lib/cbor/index.js';
import * as owf from '@owf/mdoc';
import { context } from './lib/owf-context.mjs';
import { timePeer, fromHex, pemToDer, fromTyped } from './lib/timing.mjs';

const [fixturePath, batches = '5', batchMs = '300', warmUpMs = '500'] = process.argv.slice(2);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));
const settings = { batches: Number(batches), batchMs: Number(batchMs), warmUpMs: Number(warmUpMs) };
const validity = {
  signed: new Date(fixture.validity.signed),
  validFrom: new Date(fixture.validity.validFrom),
  validUntil: new Date(fixture.validity.validUntil),
};
const signature = { response: fromHex(fixture.signature.deviceResponse), transcript: fromHex(fixture.signature.sessionTranscriptBytes) };
const mac = {
  response: fromHex(fixture.mac.deviceResponse),
  transcript: fromHex(fixture.mac.sessionTranscriptBytes),
  readerPrivate: fromHex(fixture.mac.readerPrivateCoseKey),
  readerPublic: fromHex(fixture.mac.readerPublicCoseKey),
};

function failIfFailed(checks) {
  const failed = checks.filter((c) => c.status === 'FAILED').map((c) => c.check + (c.reason ? `: ${c.reason}` : ''));
  if (failed.length > 0) throw new Error(failed.join('; '));
}

// ---- @auth0/mdl ----------------------------------------------------------------------------------------------------

const auth0Verifier = new auth0.Verifier([fixture.trustedCertificatePem]);

async function auth0Verify(bytes, transcript, readerKey, onCheck) {
  await auth0Verifier.verify(bytes, { encodedSessionTranscript: transcript, ephemeralReaderKey: readerKey, onCheck });
}

async function auth0Check(bytes, transcript, readerKey) {
  const checks = [];
  await auth0Verify(bytes, transcript, readerKey, (check) => checks.push(check));
  failIfFailed(checks);
}

function auth0Issue(devicePublicJwk) {
  let document = new auth0.Document(fixture.docType);
  for (const [ns, elements] of Object.entries(fixture.nameSpaces)) {
    document = document.addIssuerNameSpace(ns, Object.fromEntries(Object.entries(elements).map(([id, v]) => [id, fromTyped(v, (d) => new Auth0DateOnly(d))])));
  }

  return document
    .useDigestAlgorithm('SHA-256')
    .addValidityInfo(validity)
    .addDeviceKeyInfo({ deviceKey: devicePublicJwk })
    .sign({ issuerPrivateKey: fixture.issuerPrivateJwk, issuerCertificate: fixture.issuerCertificatePem, alg: 'ES256' });
}

const auth0Mdoc = new auth0.MDoc([await auth0Issue(fixture.devicePublicJwk)]).encode();
const presentationDefinition = {
  id: 'honnin-benchmark',
  input_descriptors: [{
    id: fixture.docType,
    format: { mso_mdoc: { alg: ['ES256'] } },
    constraints: {
      limit_disclosure: 'required',
      fields: Object.entries(fixture.disclose).flatMap(([ns, ids]) => ids.map((id) => ({ path: [`$['${ns}']['${id}']`], intent_to_retain: false }))),
    },
  }],
};

async function auth0Present(withMac) {
  const builder = auth0.DeviceResponse.from(auth0Mdoc).usingPresentationDefinition(presentationDefinition);
  const response = withMac
    ? await builder.usingSessionTranscriptBytes(mac.transcript).authenticateWithMAC(fixture.devicePrivateJwk, mac.readerPublic, 'HS256').sign()
    : await builder.usingSessionTranscriptBytes(signature.transcript).authenticateWithSignature(fixture.devicePrivateJwk, 'ES256').sign();
  return response.encode();
}

// ---- @owf/mdoc (node:crypto context) -------------------------------------------------------------------------------

const trusted = [pemToDer(fixture.trustedCertificatePem)];

async function owfVerify(bytes, transcript, readerKey, onCheck) {
  await owf.Verifier.verifyDeviceResponse({
    deviceResponse: bytes,
    sessionTranscript: transcript,
    ephemeralReaderKey: readerKey ? owf.CoseKey.decode(readerKey) : undefined,
    trustedCertificates: trusted,
    onCheck,
  }, context);
}

async function owfCheck(bytes, transcript, readerKey) {
  const checks = [];
  await owfVerify(bytes, transcript, readerKey, (check) => checks.push(check));
  failIfFailed(checks);
}

const owfSigningKey = owf.CoseKey.fromJwk({ ...fixture.issuerPrivateJwk, alg: 'ES256' });
const owfCertificates = [pemToDer(fixture.issuerCertificatePem)];

function owfIssue(devicePublicJwk) {
  const issuer = new owf.Issuer(fixture.docType, context);
  for (const [ns, elements] of Object.entries(fixture.nameSpaces)) {
    issuer.addIssuerNamespace(ns, Object.fromEntries(Object.entries(elements).map(([id, v]) => [id, fromTyped(v, (d) => new owf.DateOnly(d))])));
  }

  return issuer.sign({
    signingKey: owfSigningKey,
    algorithm: owf.SignatureAlgorithm.ES256,
    digestAlgorithm: 'SHA-256',
    validityInfo: validity,
    deviceKeyInfo: { deviceKey: owf.DeviceKey.fromJwk(devicePublicJwk) },
    certificates: owfCertificates,
  });
}

// Like Honnin's wallet, which keeps the IssuerSigned bytes, each presentation starts from the encoded credential.
const owfIssuerSignedBytes = (await owfIssue(fixture.devicePublicJwk)).encode();
const owfDeviceKey = owf.CoseKey.fromJwk({ ...fixture.devicePrivateJwk, alg: 'ES256' });
const owfDeviceRequest = owf.DeviceRequest.create({
  docRequests: [owf.DocRequest.create({
    itemsRequest: owf.ItemsRequest.create({
      docType: fixture.docType,
      namespaces: Object.fromEntries(Object.entries(fixture.disclose).map(([ns, ids]) => [ns, Object.fromEntries(ids.map((id) => [id, false]))])),
    }),
  })],
});

async function owfPresent(withMac) {
  const response = await owf.Holder.createDeviceResponseForDeviceRequest({
    deviceRequest: owfDeviceRequest,
    sessionTranscript: withMac ? mac.transcript : signature.transcript,
    issuerSigned: [owf.IssuerSigned.decode(owfIssuerSignedBytes)],
    ...(withMac
      ? { mac: { ephemeralKey: owf.CoseKey.decode(mac.readerPublic), signingKey: owfDeviceKey } }
      : { signature: { signingKey: owfDeviceKey } }),
  }, context);
  return response.encode();
}

// ---- the run -------------------------------------------------------------------------------------------------------

const batchOf = (issue) => async () => {
  for (const key of fixture.batchDevicePublicJwks) await issue(key);
};

const results = {
  '@auth0/mdl': await timePeer({
    issue: { run: () => auth0Issue(fixture.devicePublicJwk) },
    'issue-batch-50': { run: batchOf(auth0Issue), note: 'no batch API: 50 sequential issuances' },
    'present-signature': { run: () => auth0Present(false), check: async () => auth0Check(await auth0Present(false), signature.transcript) },
    'present-mac': { run: () => auth0Present(true), check: async () => auth0Check(await auth0Present(true), mac.transcript, mac.readerPrivate) },
    'verify-signature': { run: () => auth0Verify(signature.response, signature.transcript), check: () => auth0Check(signature.response, signature.transcript) },
    'verify-mac': { run: () => auth0Verify(mac.response, mac.transcript, mac.readerPrivate), check: () => auth0Check(mac.response, mac.transcript, mac.readerPrivate) },
  }, settings),
  '@owf/mdoc': await timePeer({
    issue: { run: () => owfIssue(fixture.devicePublicJwk) },
    'issue-batch-50': { run: batchOf(owfIssue), note: 'no batch API: 50 sequential issuances' },
    'present-signature': { run: () => owfPresent(false), check: async () => owfCheck(await owfPresent(false), signature.transcript) },
    'present-mac': {
      run: () => owfPresent(true),
      note: 'timed, but 0.6.0 writes a device MAC no other implementation accepts (MAC_structure without external_aad)',
    },
    'verify-signature': { run: () => owfVerify(signature.response, signature.transcript), check: () => owfCheck(signature.response, signature.transcript) },
    'verify-mac': 'cannot verify a device MAC: 0.6.0 compares the algorithm name "HS256" with the number 5 and fails every MAC',
  }, settings),
};

process.stdout.write(JSON.stringify(results));
