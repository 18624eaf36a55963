using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using Honnin.Tests;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Holder.Tests;

/// <summary>The wallet identifies the reader from readerAuth (ISO/IEC 18013-5 Annex D DeviceRequest and reader certificates).</summary>
public sealed class ReaderAuthenticationTests
{
    private static readonly DateTimeOffset InsideWindow = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static MdocHolder Holder(TrustAnchorSet? readerRoots) =>
        new(new InMemoryCredentialStore(), new InMemoryDeviceKeyResolver(), new HolderOptions { ReaderTrustAnchors = readerRoots }, timeProvider: new FakeTimeProvider(InsideWindow));

    [Fact]
    public async Task Annex_D_reader_is_authenticated_against_its_root()
    {
        using var roots = TrustAnchorSet.FromDer(Vectors.AnnexD("reader_root_certificate"));
        var plan = await Holder(roots).PlanAsync(DeviceRequest.Decode(Vectors.AnnexD("DeviceRequest")), SessionTranscript.Decode(Vectors.AnnexD("SessionTranscriptBytes")));

        Assert.True(plan.Requester.Authenticated);
        Assert.Contains("reader", plan.Requester.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, plan.Documents[0].Elements.Count);
        Assert.Equal(1, plan.Documents[0].Elements.Count(e => !e.IntentToRetain));
    }

    [Fact]
    public async Task Annex_D_reader_is_not_authenticated_without_a_configured_root()
    {
        var plan = await Holder(null).PlanAsync(DeviceRequest.Decode(Vectors.AnnexD("DeviceRequest")), SessionTranscript.Decode(Vectors.AnnexD("SessionTranscriptBytes")));

        Assert.False(plan.Requester.Authenticated);
        Assert.Equal(["reader_root_not_configured"], plan.Requester.Problems);
    }

    [Fact]
    public async Task Reader_signature_over_another_transcript_refuses_everything()
    {
        using var roots = TrustAnchorSet.FromDer(Vectors.AnnexD("reader_root_certificate"));
        var other = SessionTranscript.ForOpenId4VpDcApi("https://example.com", "n", null);
        var plan = await Holder(roots).PlanAsync(DeviceRequest.Decode(Vectors.AnnexD("DeviceRequest")), other);

        Assert.False(plan.Requester.Authenticated);
        Assert.Contains("reader_signature_invalid", plan.Requester.Problems);
        Assert.All(plan.Documents[0].Elements, e => Assert.NotEqual(ElementDecision.Disclose, e.Decision));
    }
}
