using Honnin.Cose;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;
using Honnin.Tests.Issuance;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Issuer.Tests;

/// <summary>
/// Revoking, suspending and reinstating set an entry in the issuer's store; the published list — JWT or CWT, signed by
/// the Document Signer with its chain — says so at that index, and valid everywhere else.
/// </summary>
public sealed class StatusListPublisherTests : IDisposable
{
    private const string List = "https://payroll.example.jp/status/1";
    private readonly TestIssuer _pki = new();
    private readonly InMemoryIssuerState _state = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now);

    [Fact]
    public async Task A_revoked_and_a_suspended_credential_show_in_both_token_forms_and_the_rest_is_valid()
    {
        var publisher = Publisher();
        var (revoked, suspended, valid) = await AllocateThreeAsync();
        Assert.True(await publisher.RevokeAsync(revoked));
        Assert.True(await publisher.SuspendAsync(suspended));

        var jwt = StatusListToken.Parse((await publisher.PublishJwtAsync(List)).Jws.Text);
        var cwt = StatusListCwt.Parse((await publisher.PublishCwtAsync(List)).Encoded);

        Assert.True(jwt.VerifySignature(_pki.Signer.PublicKey));
        Assert.True(cwt.VerifySignature(_pki.Signer.PublicKey));
        Assert.Equal(_pki.DocumentSigner.RawData, Assert.Single(jwt.Jws.X5c).ToArray());
        Assert.Equal(StatusListToken.MediaType, jwt.Jws.Type);
        Assert.True(cwt.Message.Headers.Unprotected.TryGetValue(CoseHeaderLabels.X5Chain, out _));
        foreach (var (name, status) in new (string, Func<StatusListReference, int>)[] { ("jwt", r => Status(jwt.TryGetStatus(r, out var s), s)), ("cwt", r => Status(cwt.TryGetStatus(r, out var s), s)) })
        {
            Assert.Equal(StatusListPublisher.Invalid, status(revoked));
            Assert.Equal(StatusListPublisher.Suspended, status(suspended));
            Assert.Equal(StatusListPublisher.Valid, status(valid));
            Assert.Equal(StatusListPublisher.Valid, status(new StatusListReference((valid.Index + 1) % 1024, List)));
        }

        Assert.Equal((List, TestIssuer.Now, TestIssuer.Now.AddDays(1), 3600L), (jwt.Subject, jwt.IssuedAt, jwt.ExpiresAt!.Value, jwt.TimeToLive!.Value));
        Assert.Equal((List, TestIssuer.Now, TestIssuer.Now.AddDays(1), 3600L), (cwt.Subject, cwt.IssuedAt, cwt.ExpiresAt!.Value, cwt.TimeToLive!.Value));
    }

    [Fact]
    public async Task A_suspended_credential_is_reinstated_and_a_revoked_one_is_not()
    {
        var publisher = Publisher();
        var (revoked, suspended, _) = await AllocateThreeAsync();
        await publisher.RevokeAsync(revoked);
        await publisher.SuspendAsync(suspended);

        Assert.True(await publisher.ReinstateAsync(suspended));
        Assert.False(await publisher.ReinstateAsync(revoked));

        var list = await publisher.ReadListAsync(List);
        Assert.True(list.TryGetStatus(suspended.Index, out var reinstated));
        Assert.True(list.TryGetStatus(revoked.Index, out var stillRevoked));
        Assert.Equal((0, 1), (reinstated, stillRevoked));
    }

    [Fact]
    public async Task An_entry_nobody_was_given_is_not_set_and_a_one_bit_list_cannot_suspend()
    {
        var publisher = Publisher();
        var oneBit = Publisher(bits: 1);
        var (revoked, _, _) = await AllocateThreeAsync();

        Assert.False(await publisher.RevokeAsync(new StatusListReference((revoked.Index + 1) % 1024, List)));
        Assert.False(await publisher.RevokeAsync(new StatusListReference(5000, List)));
        Assert.False(await publisher.RevokeAsync(revoked with { Uri = "https://payroll.example.jp/status/2" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => oneBit.SuspendAsync(revoked));
        Assert.True(await oneBit.RevokeAsync(revoked));
        Assert.Equal(1, StatusListToken.Parse((await oneBit.PublishJwtAsync(List)).Jws.Text).StatusList.Bits);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Publisher(bits: 4));
        Assert.Throws<ArgumentException>(() => new StatusListPublisher(_state, new StatusListPublisherOptions { Signer = _pki.Signer, Size = 4 }));
        Assert.Throws<ArgumentException>(() => new StatusListPublisher(_state, new StatusListPublisherOptions { Signer = _pki.Signer, TimeToLive = TimeSpan.FromDays(2) }));
    }

    [Fact]
    public async Task Credentials_are_revoked_by_id_or_by_offer_through_the_issuers_records()
    {
        var publisher = Publisher();
        var indices = await _state.AllocateAsync(List, 1024, ["c1", "c2", "c3"]);
        await _state.AddRangeAsync([
            new IssuedCredentialRecord("c1", "t", CredentialFormat.Mdoc, TestIssuer.Now, OfferId: "o1", StatusListId: List, StatusIndex: indices[0]),
            new IssuedCredentialRecord("c2", "t", CredentialFormat.SdJwtVc, TestIssuer.Now, OfferId: "o1", StatusListId: List, StatusIndex: indices[1]),
            new IssuedCredentialRecord("c3", "t", CredentialFormat.Mdoc, TestIssuer.Now, OfferId: "o2", StatusListId: List, StatusIndex: indices[2]),
            new IssuedCredentialRecord("c4", "t", CredentialFormat.Mdoc, TestIssuer.Now, OfferId: "o2"),
        ]);

        Assert.Equal(["c3"], await publisher.ChangeAsync(_state, StatusChange.Suspend, credentialId: "c3"));
        Assert.Equal(["c1", "c2"], await publisher.ChangeAsync(_state, StatusChange.Revoke, offerId: "o1"));
        Assert.Empty(await publisher.ChangeAsync(_state, StatusChange.Revoke, credentialId: "c4"));
        Assert.Empty(await publisher.ChangeAsync(_state, StatusChange.Revoke, credentialId: "unknown"));
        Assert.Equal(["c3"], await publisher.ChangeAsync(_state, StatusChange.Reinstate, offerId: "o2"));
        await Assert.ThrowsAsync<ArgumentException>(() => publisher.ChangeAsync(_state, StatusChange.Revoke));

        var list = await publisher.ReadListAsync(List);
        Assert.Equal([1, 1, 0], indices.Select(i => list.TryGetStatus(i, out var status) ? status : -1));
    }

    public void Dispose() => _pki.Dispose();

    private static int Status(bool found, int status) => found ? status : -1;

    private StatusListPublisher Publisher(int bits = 2) =>
        new(_state, new StatusListPublisherOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData], Bits = bits, Size = 1024 }, _clock);

    private async Task<(StatusListReference Revoked, StatusListReference Suspended, StatusListReference Valid)> AllocateThreeAsync()
    {
        var indices = await _state.AllocateAsync(List, 1024, ["a", "b", "c"]);
        return (new(indices[0], List), new(indices[1], List), new(indices[2], List));
    }
}
