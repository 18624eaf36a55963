// Drives @owf/mdoc: verify a DeviceResponse, or issue an mdoc and present it. See README.md for the jobs.
import {
  CoseKey, DateOnly, DeviceAuthentication, DeviceKey, DeviceRequest, DeviceResponse, DocRequest, Holder, Issuer, ItemsRequest,
  SignatureAlgorithm, Verifier,
} from '@owf/mdoc';
import { context } from './lib/owf-context.mjs';
import { runJob, fromHex, toHex, pemToDer, toTyped, fromTyped, outcome } from './lib/job.mjs';

async function verify(job) {
  const checks = [];
  let error;
  try {
    // owf takes the transcript as bytes (tagged or not: it decodes either) and hashes exactly these bytes for
    // EMacKey, so it gets SessionTranscriptBytes; the reader key is a COSE_Key with its private scalar.
    await Verifier.verifyDeviceResponse({
      deviceResponse: fromHex(job.deviceResponse),
      sessionTranscript: fromHex(job.sessionTranscriptBytes),
      ephemeralReaderKey: job.readerPrivateCoseKey ? CoseKey.decode(fromHex(job.readerPrivateCoseKey)) : undefined,
      trustedCertificates: [pemToDer(job.trustedCertificatePem)],
      onCheck: (check) => checks.push({ status: check.status, check: check.check, reason: check.reason }),
    }, context);
  } catch (e) {
    error = e;
  }

  let documents = [];
  try {
    documents = (DeviceResponse.decode(fromHex(job.deviceResponse)).documents ?? []).map((doc) => ({
      docType: doc.docType,
      elements: Object.fromEntries([...(doc.issuerSigned.issuerNamespaces?.issuerNamespaces ?? [])].map(([ns, items]) => [
        ns,
        Object.fromEntries(items.map((item) => [item.elementIdentifier, toTyped(item.elementValue)])),
      ])),
    }));
  } catch {
    // Undecodable: the error above says why.
  }

  return outcome(checks, documents, error);
}

// The verifier of 0.6.0 never reaches the MAC (see README.md); this checks each document's deviceMac with the
// library's own DeviceAuthentication and DeviceMac.verify, as its verifier would.
async function verifyDeviceMac(job) {
  const sessionTranscript = fromHex(job.sessionTranscriptBytes);
  const readerKey = CoseKey.decode(fromHex(job.readerPrivateCoseKey));
  const results = [];
  for (const doc of DeviceResponse.decode(fromHex(job.deviceResponse)).documents ?? []) {
    const { deviceMac } = doc.deviceSigned.deviceAuth;
    deviceMac.detachedPayload = DeviceAuthentication.create({
      sessionTranscript, docType: doc.docType, deviceNamespaces: doc.deviceSigned.deviceNamespaces,
    }).encode({ asDataItem: true });
    const { deviceKey } = doc.issuerSigned.issuerAuth.mobileSecurityObject.deviceKeyInfo;
    results.push(await deviceMac.verify({ publicKey: deviceKey, privateKey: readerKey, sessionTranscript }, context));
  }
  return { macValid: results };
}

async function issuePresent(job) {
  const issuer = new Issuer(job.docType, context);
  for (const [ns, elements] of Object.entries(job.nameSpaces)) {
    issuer.addIssuerNamespace(ns, Object.fromEntries(Object.entries(elements).map(([id, v]) => [id, fromTyped(v, (d) => new DateOnly(d))])));
  }

  const issuerSigned = await issuer.sign({
    signingKey: CoseKey.fromJwk({ ...job.issuerPrivateJwk, alg: 'ES256' }),
    algorithm: SignatureAlgorithm.ES256,
    digestAlgorithm: 'SHA-256',
    validityInfo: {
      signed: new Date(job.validity.signed),
      validFrom: new Date(job.validity.validFrom),
      validUntil: new Date(job.validity.validUntil),
    },
    deviceKeyInfo: { deviceKey: DeviceKey.fromJwk(job.devicePublicJwk) },
    certificates: [pemToDer(job.issuerCertificatePem)],
  });

  // owf selects what to disclose through a DeviceRequest.
  const namespaces = Object.fromEntries(Object.entries(job.disclose).map(([ns, ids]) => [ns, Object.fromEntries(ids.map((id) => [id, false]))]));
  const deviceRequest = DeviceRequest.create({
    docRequests: [DocRequest.create({ itemsRequest: ItemsRequest.create({ docType: job.docType, namespaces }) })],
  });
  // owf writes this key's alg into the protected header of the device signature, and of a device MAC too (README.md).
  const deviceKey = CoseKey.fromJwk({ ...job.devicePrivateJwk, alg: 'ES256' });
  const response = await Holder.createDeviceResponseForDeviceRequest({
    deviceRequest,
    sessionTranscript: fromHex(job.sessionTranscriptBytes),
    issuerSigned: [issuerSigned],
    ...(job.readerPublicCoseKey
      ? { mac: { ephemeralKey: CoseKey.decode(fromHex(job.readerPublicCoseKey)), signingKey: deviceKey } }
      : { signature: { signingKey: deviceKey } }),
  }, context);
  return { deviceResponse: toHex(response.encode()) };
}

await runJob({ verify, 'verify-device-mac': verifyDeviceMac, 'issue-present': issuePresent });
