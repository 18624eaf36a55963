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

    [Fact]
    public async Task Wallet_list_shows_a_credentials_status_from_the_list_its_issuer_signed()
    {
        using var server = new Honnin.Tests.Http.LoopbackStatusServer();
        var list = server.Url("status/1");
        var indices = await _state.AllocateAsync(list, 1024, ["valid", "revoked"]);
        using var holder = System.Security.Cryptography.ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var holderJwk = Honnin.Jose.PrivateJsonWebKey.Write(holder);
        await File.WriteAllTextAsync(_folder.At("wallet-holder.jwk"), holderJwk);
        using var holderSigner = Honnin.Jose.PrivateJsonWebKey.ReadSigner(holderJwk);
        var credentials = new List<string>();
        foreach (var index in indices)
        {
            await IssueAsync(new StatusListReference(index, list), holderSigner.PublicKey);
            credentials.Add(await File.ReadAllTextAsync(_folder.At("issued.txt")));
        }

        await File.WriteAllTextAsync(_folder.At("wallet.cred"), new System.Text.Json.Nodes.JsonObject
        {
            ["honnin"] = "sd-jwt-credentials/1",
            ["vct"] = "urn:honnin:jp:withholding-slip:1",
            ["credentials"] = new System.Text.Json.Nodes.JsonArray([.. credentials.Select(c => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["sdJwt"] = c, ["used"] = 0 })]),
        }.ToJsonString());
        await File.WriteAllTextAsync(_folder.At("pass.txt"), "status test passphrase");
        string[] wallet = ["--wallet", _folder.At("wallet.db"), "--passphrase-file", _folder.At("pass.txt")];
        CliTestFolder.Ok(CliRunner.Run(["wallet", "import", "--credential", _folder.At("wallet.cred"), "--holder-key", _folder.At("wallet-holder.jwk"), .. wallet]));

        // Before the issuer publishes, the status cannot be had; then one credential is valid and the other revoked.
        Assert.Contains("status unknown", CliTestFolder.Ok(CliRunner.Run(["wallet", "list", .. wallet])).Output, StringComparison.Ordinal);
        using var signer = DocumentSigner(out _);
        var publisher = new StatusListPublisher(_state, new StatusListPublisherOptions { Signer = signer, Size = 1024 });
        await publisher.RevokeAsync(new StatusListReference(indices[1], list));
        server.Serve("status/1", System.Text.Encoding.UTF8.GetBytes((await publisher.PublishJwtAsync(list)).Jws.Text));

        var before = server.Hits("status/1");
        var listed = CliTestFolder.Ok(CliRunner.Run(["wallet", "list", "--json", .. wallet])).Output;
        var rows = System.Text.Json.Nodes.JsonNode.Parse(listed)!.AsArray();
        Assert.Equal(["revoked by the issuer", "valid"], rows.Select(r => r!["status"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r!["statusCode"]?.GetValue<string>() == "status_revoked");
        Assert.Equal(before + 1, server.Hits("status/1"));
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

    private async Task IssueAsync(StatusListReference entry, CoseKey? holderKey = null)
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
        var credential = await issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", claims, holderKey ?? holder.PublicKey) { Status = entry });
        await File.WriteAllTextAsync(_folder.At("issued.txt"), credential.Serialize());
    }
}
