// Drives @auth0/mdl: verify a DeviceResponse, or issue an mdoc and present it. See README.md for the jobs.
import { Verifier, parse, Document, MDoc, DeviceResponse } from '@auth0/mdl';
// The package exports no full-date type, and converts strings only for three mDL elements; its CBOR module has one.
import { DateOnly } from '@auth0/mdl/lib/cbor/index.js';
import { runJob, toHex, toTyped, fromTyped, outcome } from './lib/job.mjs';

const bytes = (hex) => Buffer.from(hex, 'hex');

async function verify(job) {
  const checks = [];
  let error;
  try {
    // auth0 takes SessionTranscriptBytes, the tag-24-wrapped transcript, and the reader key as a private COSE_Key.
    await new Verifier([job.trustedCertificatePem]).verify(bytes(job.deviceResponse), {
      encodedSessionTranscript: bytes(job.sessionTranscriptBytes),
      ephemeralReaderKey: job.readerPrivateCoseKey ? bytes(job.readerPrivateCoseKey) : undefined,
      onCheck: (check) => checks.push({ status: check.status, check: check.check, reason: check.reason }),
    });
  } catch (e) {
    error = e;
  }

  let documents = [];
  try {
    documents = parse(bytes(job.deviceResponse)).documents.map((doc) => ({
      docType: doc.docType,
      elements: Object.fromEntries(Object.entries(doc.issuerSigned.nameSpaces).map(([ns, items]) => [
        ns,
        Object.fromEntries(items.map((item) => [item.elementIdentifier, toTyped(item.elementValue)])),
      ])),
    }));
  } catch {
    // Unparseable: the error above says why.
  }

  return outcome(checks, documents, error);
}

async function issuePresent(job) {
  let document = new Document(job.docType);
  for (const [ns, elements] of Object.entries(job.nameSpaces)) {
    const values = Object.fromEntries(Object.entries(elements).map(([id, v]) => [id, fromTyped(v, (d) => new DateOnly(d))]));
    document = document.addIssuerNameSpace(ns, values);
  }

  const issued = await document
    .useDigestAlgorithm('SHA-256')
    .addValidityInfo({
      signed: new Date(job.validity.signed),
      validFrom: new Date(job.validity.validFrom),
      validUntil: new Date(job.validity.validUntil),
    })
    .addDeviceKeyInfo({ deviceKey: job.devicePublicJwk })
    .sign({ issuerPrivateKey: job.issuerPrivateJwk, issuerCertificate: job.issuerCertificatePem, alg: 'ES256' });

  // auth0 selects what to disclose through a Presentation Definition, one field per element.
  const fields = Object.entries(job.disclose).flatMap(([ns, ids]) =>
    ids.map((id) => ({ path: [`$['${ns}']['${id}']`], intent_to_retain: false })));
  const presentationDefinition = {
    id: 'honnin-interop',
    input_descriptors: [{ id: job.docType, format: { mso_mdoc: { alg: ['ES256'] } }, constraints: { limit_disclosure: 'required', fields } }],
  };

  let builder = DeviceResponse.from(new MDoc([issued]).encode())
    .usingPresentationDefinition(presentationDefinition)
    .usingSessionTranscriptBytes(bytes(job.sessionTranscriptBytes));
  builder = job.readerPublicCoseKey
    ? builder.authenticateWithMAC(job.devicePrivateJwk, bytes(job.readerPublicCoseKey), 'HS256')
    : builder.authenticateWithSignature(job.devicePrivateJwk, 'ES256');
  const response = await builder.sign();
  return { deviceResponse: toHex(response.encode()) };
}

await runJob({ verify, 'issue-present': issuePresent });
