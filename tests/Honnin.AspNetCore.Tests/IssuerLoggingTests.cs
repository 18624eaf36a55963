using System.Collections.Concurrent;
using System.Net;
using Honnin.Crypto;
using Honnin.OpenId4Vc;
using Honnin.Tests.Services;
using Microsoft.Extensions.Logging;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Everything Honnin logs during a whole issuance — refusals included — at every level, searched for the secrets of
/// that issuance: no claim value, pre-authorized code, transaction code, access token, offer link, nonce or proof
/// appears in a message or a structured value. (ASP.NET Core's own request logging writes paths, and an offer's
/// reference is in its path: docs/issuer-service.md tells hosts to keep that category at Warning.)
/// </summary>
public sealed class IssuerLoggingTests
{
    [Fact]
    public async Task No_secret_of_an_issuance_reaches_the_log()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await IssuerHost.StartAsync(logs: logs);
        var created = await host.CreateOfferAsync(txCode: true, batch: 2);
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        var code = offer.PreAuthorizedCode!.PreAuthorizedCode;
        var txCode = created["tx_code"]!.GetValue<string>();

        Assert.Equal("invalid_grant", (await wallet.RedeemAsync(code, txCode == "000000" ? "111111" : "000000")).Error);
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(code, txCode)).Status);
        var nonce = await wallet.NonceAsync();
        var keys = new[] { SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256) };
        var proofs = await RawWallet.ProofsAsync(host.Url, nonce, keys);
        Assert.Equal("invalid_proof", (await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", [proofs[0], proofs[0]])).Error);
        var issued = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", proofs);
        Assert.Equal(HttpStatusCode.OK, issued.Status);

        var text = logs.Text("Honnin");
        Assert.Contains("Issued 2 credential(s) for offer", text, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", text, StringComparison.Ordinal);
        string[] secrets =
        [
            code, txCode, wallet.AccessToken!, nonce, proofs[0], created["offer"]!.GetValue<string>(), created["offer_by_value"]!.GetValue<string>(),
            CredentialOfferLink.Parse(created["offer"]!.GetValue<string>()).OfferUri!.AbsolutePath.Split('/')[^1],
            "山田", "花子", "5000000", "120000",
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text(string categoryPrefix) => string.Join("\n", _lines.Where(l => l.StartsWith(categoryPrefix, StringComparison.Ordinal)));

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{category} {eventId.Id} {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
