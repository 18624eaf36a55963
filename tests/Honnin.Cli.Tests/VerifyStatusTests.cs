using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;

namespace Honnin.Cli.Tests;

/// <summary>
/// verify --status-check and --status-list: a credential with a Token Status List entry verifies while its entry is
/// valid, fails with status_revoked once the issuer revokes it, fails closed when its list cannot be had, and passes
/// unchecked with --status-check off. The issuer side (issuing with a status, publishing the list) is the SDK's.
/// </summary>
public sealed class VerifyStatusTests : IDisposable
{
    private const string Slip = Honnin.DocumentTypes.HonninDocumentTypes.WithholdingSlipDocType;
    private readonly CliTestFolder _folder = new CliTestFolder().WithPki();
    private readonly InMemoryIssuerState _state = new();

    [Fact]
    public async Task A_credential_verifies_while_its_entry_is_valid_and_fails_once_revoked()
    {
        const string list = "https://issuer.example.jp/status/1";
        var entry = new StatusListReference(await _state.AllocateAsync(list, 1024, "c1"), list);
        await IssueAsync(entry);
        using var signer = DocumentSigner(out var chain);
        var publisher = new StatusListPublisher(_state, new StatusListPublisherOptions { Signer = signer, CertificateChain = [chain], Size = 1024 });
        await File.WriteAllTextAsync(_folder.At("list.jwt"), (await publisher.PublishJwtAsync(list)).Jws.Text);

        CliTestFolder.Ok(Verify("--status-list", _folder.At("list.jwt")));

        await publisher.RevokeAsync(entry);
        await File.WriteAllBytesAsync(_folder.At("list.cwt"), (await publisher.PublishCwtAsync(list)).Encoded.ToArray());
        var (code, output, _) = Verify("--status-list", _folder.At("list.cwt"));
        Assert.Equal(1, code);
        Assert.Contains("status_revoked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_that_cannot_be_had_fails_closed_and_off_does_not_check()
    {
        var entry = new StatusListReference(3, "http://127.0.0.1:1/status/1");
        await IssueAsync(entry);

        var (code, output, _) = Verify();
        Assert.Equal(1, code);
        Assert.Contains("status_unavailable", output, StringComparison.Ordinal);
        CliTestFolder.Ok(Verify("--status-check", "off"));
    }

    [Fact]
    public async Task A_status_check_value_or_list_file_the_tool_does_not_know_is_refused()
    {
        await IssueAsync(new StatusListReference(0, "https://issuer.example.jp/status/1"));
        await File.WriteAllTextAsync(_folder.At("not-a-list.txt"), "hello");

        Assert.Equal(2, Verify("--status-check", "sometimes").ExitCode);
        var (code, _, error) = Verify("--status-list", _folder.At("not-a-list.txt"));
        Assert.Equal(4, code);
        Assert.Contains("not a Status List Token", error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private (int ExitCode, string Output, string Error) Verify(params string[] extra) =>
        CliRunner.Run(["verify", "--format", "sd-jwt", "--in", _folder.At("issued.txt"), "--trust", _folder.At("ca/iaca.pem"), "--key-binding", "optional", .. extra]);

    private SoftwareSigner DocumentSigner(out byte[] certificate)
    {
        using var loaded = X509Certificate2.CreateFromPemFile(_folder.At("ds/ds.pem"), _folder.At("ds/ds.key.pem"));
        certificate = loaded.RawData;
        return SoftwareSigner.FromECDsa(loaded.GetECDsaPrivateKey()!);
    }

    private async Task IssueAsync(StatusListReference entry)
    {
        using var signer = DocumentSigner(out var certificate);
        using var cert = X509CertificateLoader.LoadCertificate(certificate);
        // The name the tool itself gives an issuer whose certificate names no URI.
        var iss = "urn:honnin:issuer:" + Uri.EscapeDataString(cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var issuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, Issuer = iss, CertificateChain = [certificate] });
        using var holder = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var claims = new Honnin.DocumentTypes.DocumentClaims()
            .Add(Honnin.DocumentTypes.HonninDocumentTypes.Iso23220NameSpace, "family_name", new Honnin.Cbor.CborTextString("山田"))
            .Add(Honnin.DocumentTypes.HonninDocumentTypes.Iso23220NameSpace, "given_name", new Honnin.Cbor.CborTextString("太郎"))
            .Add(Slip, "tax_year", new Honnin.Cbor.CborInteger(2025))
            .Add(Slip, "full_name", new Honnin.Cbor.CborTextString("山田 太郎"))
            .Add(Slip, "payment_category", new Honnin.Cbor.CborTextString("給料・賞与"))
            .Add(Slip, "payment_amount", new Honnin.Cbor.CborInteger(5_000_000))
            .Add(Slip, "withholding_tax_amount", new Honnin.Cbor.CborInteger(120_000))
            .Add(Slip, "payer_name", new Honnin.Cbor.CborTextString("株式会社本人"))
            .Add(Slip, "issue_date", new Honnin.Cbor.CborFullDate(new DateOnly(2026, 1, 31)));
        var credential = await issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", claims, holder.PublicKey) { Status = entry });
        await File.WriteAllTextAsync(_folder.At("issued.txt"), credential.Serialize());
    }
}
