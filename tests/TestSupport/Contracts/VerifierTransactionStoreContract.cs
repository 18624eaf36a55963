using System.Globalization;
using System.Text;
using Honnin.Verifier.Protocol;

namespace Honnin.Tests.Contracts;

/// <summary>
/// What every <see cref="IVerifierTransactionStore"/> must do: keep a transaction as given, find it by id, request id and
/// (once answered) response code, let exactly one answer win, erase the ephemeral key with it, refuse answers after
/// expiry, and purge what expired. Times are given to the millisecond, as the database stores keep them.
/// </summary>
public abstract class VerifierTransactionStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private const string Query = """{"credentials":[{"id":"slip","format":"mso_mdoc","meta":{"doctype_value":"jp.honnin.withholding_slip.1"},"claims":[{"path":["jp.honnin.withholding_slip.1","payment_amount"]}]}]}""";

    private const string EncryptionKey = """{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cLFYmkvOPK3vmmbsV3EJeU"}""";

    protected abstract Task<IVerifierTransactionStore> CreateAsync();

    [Fact]
    public async Task A_pending_transaction_is_read_by_id_and_by_request_id_as_it_was_added()
    {
        var store = await CreateAsync();
        var transaction = Pending("t1");
        await store.AddAsync(transaction);

        Assert.Equal(transaction, await store.GetAsync("t1"));
        Assert.Equal(transaction, await store.FindByRequestIdAsync("request-t1"));
        Assert.Null(await store.GetAsync("request-t1"));
        Assert.Null(await store.FindByRequestIdAsync("t1"));
        Assert.Null(await store.GetAsync("t2"));
        Assert.Null(await store.FindByRequestIdAsync("request-t2"));
    }

    [Fact]
    public async Task A_transaction_with_an_id_or_request_id_already_kept_is_refused_and_the_first_stays()
    {
        var store = await CreateAsync();
        var first = Pending("t1");
        await store.AddAsync(first);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(Pending("t1") with { RequestId = "request-other" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(Pending("t2") with { RequestId = "request-t1" }));

        Assert.Equal(first, await store.GetAsync("t1"));
        Assert.Equal(first, await store.FindByRequestIdAsync("request-t1"));
        Assert.Null(await store.GetAsync("t2"));
        Assert.Null(await store.FindByRequestIdAsync("request-other"));
    }

    [Fact]
    public async Task An_answered_transaction_is_not_added()
    {
        var store = await CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(Pending("t1") with { Outcome = Answer(Now, "code-1") }));

        Assert.Null(await store.GetAsync("t1"));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-1")));
    }

    [Fact]
    public async Task A_transaction_is_answered_once_and_a_second_answer_changes_nothing()
    {
        var store = await CreateAsync();
        await store.AddAsync(Pending("t1"));
        var answer = Answer(Now.AddMinutes(1), "code-1");

        Assert.True(await store.TryCompleteAsync("t1", answer));
        Assert.False(await store.TryCompleteAsync("t1", answer));
        Assert.False(await store.TryCompleteAsync("t1", new VerifierTransactionOutcome(Now.AddMinutes(2), false, """{"failures":["replayed"]}""", CodeHash("code-2"))));

        var answered = await store.GetAsync("t1");
        Assert.Equal(answer, answered?.Outcome);
        Assert.True(answered?.IsAnswered);
        Assert.False(answered?.IsOpenAt(Now.AddMinutes(2)));
        Assert.Equal(answered, await store.FindByRequestIdAsync("request-t1"));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-2")));
    }

    [Fact]
    public async Task The_ephemeral_private_key_is_erased_with_the_answer_and_nothing_else_changes()
    {
        var store = await CreateAsync();
        var pending = Pending("t1");
        await store.AddAsync(pending);
        Assert.Equal(EncryptionKey, (await store.GetAsync("t1"))?.EncryptionKey);
        var answer = Answer(Now.AddMinutes(1), null);

        Assert.True(await store.TryCompleteAsync("t1", answer));

        Assert.Equal(pending with { EncryptionKey = null, Outcome = answer }, await store.GetAsync("t1"));
        Assert.Null((await store.FindByRequestIdAsync("request-t1"))?.EncryptionKey);
    }

    [Fact]
    public async Task An_expired_or_unknown_transaction_is_not_answered()
    {
        var store = await CreateAsync();
        var pending = Pending("t1", expiresAt: Now.AddMinutes(5));
        await store.AddAsync(pending);

        Assert.False(await store.TryCompleteAsync("t1", Answer(Now.AddMinutes(5), "code-1")));
        Assert.False(await store.TryCompleteAsync("t1", Answer(Now.AddMinutes(6), "code-1")));
        Assert.False(await store.TryCompleteAsync("t2", Answer(Now, "code-2")));
        Assert.False(await store.TryCompleteAsync("request-t1", Answer(Now, "code-3")));

        Assert.Equal(pending, await store.GetAsync("t1"));
        Assert.Null(await store.GetAsync("t2"));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-1")));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-2")));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-3")));
        Assert.True(await store.TryCompleteAsync("t1", Answer(Now.AddMinutes(5).AddMilliseconds(-1), "code-1")));
    }

    [Fact]
    public async Task A_response_code_finds_its_transaction_only_once_the_answer_is_recorded()
    {
        var store = await CreateAsync();
        await store.AddAsync(Pending("t1"));
        await store.AddAsync(Pending("t2"));
        var code = CodeHash("code-1");

        Assert.Null(await store.FindByResponseCodeAsync(code));
        Assert.True(await store.TryCompleteAsync("t1", Answer(Now.AddMinutes(1), "code-1")));
        Assert.True(await store.TryCompleteAsync("t2", Answer(Now.AddMinutes(1), null)));

        var found = await store.FindByResponseCodeAsync(code);
        Assert.Equal("t1", found?.Id);
        Assert.Equal(await store.GetAsync("t1"), found);
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-2")));
        Assert.Null(await store.FindByResponseCodeAsync("code-1"));
    }

    [Fact]
    public async Task A_response_code_another_answer_holds_is_refused_and_the_transaction_stays_pending()
    {
        var store = await CreateAsync();
        await store.AddAsync(Pending("t1"));
        var pending = Pending("t2");
        await store.AddAsync(pending);
        Assert.True(await store.TryCompleteAsync("t1", Answer(Now.AddMinutes(1), "code-1")));

        Assert.False(await store.TryCompleteAsync("t2", Answer(Now.AddMinutes(1), "code-1")));

        Assert.Equal(pending, await store.GetAsync("t2"));
        Assert.Equal("t1", (await store.FindByResponseCodeAsync(CodeHash("code-1")))?.Id);
        Assert.True(await store.TryCompleteAsync("t2", Answer(Now.AddMinutes(1), "code-2")));
    }

    [Fact]
    public async Task Concurrent_answers_to_one_transaction_let_exactly_one_win()
    {
        const int Racers = 50;
        var store = await CreateAsync();
        await store.AddAsync(Pending("t1"));
        var answers = Enumerable.Range(0, Racers).Select(i => new VerifierTransactionOutcome(Now.AddSeconds(1 + i), i % 2 == 0, $$"""{"racer":{{i}}}""", CodeHash($"code-{i}"))).ToList();

        var results = await Task.WhenAll(answers.Select(a => Task.Run(() => store.TryCompleteAsync("t1", a))));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => results[i]);
        Assert.Equal(answers[winner], (await store.GetAsync("t1"))?.Outcome);
        Assert.Null((await store.GetAsync("t1"))?.EncryptionKey);
        foreach (var i in Enumerable.Range(0, Racers))
        {
            Assert.Equal(i == winner ? "t1" : null, (await store.FindByResponseCodeAsync(CodeHash($"code-{i}")))?.Id);
        }
    }

    [Fact]
    public async Task Purging_removes_the_transactions_expired_before_the_cut_off_answered_or_not_and_leaves_the_rest()
    {
        var store = await CreateAsync();
        await store.AddAsync(Pending("expired-pending", expiresAt: Now.AddMinutes(1)));
        await store.AddAsync(Pending("expired-answered", expiresAt: Now.AddMinutes(2)));
        await store.AddAsync(Pending("at-cut-off", expiresAt: Now.AddMinutes(5)));
        await store.AddAsync(Pending("open-pending", expiresAt: Now.AddMinutes(10)));
        await store.AddAsync(Pending("open-answered", expiresAt: Now.AddMinutes(10)));
        Assert.True(await store.TryCompleteAsync("expired-answered", Answer(Now, "code-expired")));
        Assert.True(await store.TryCompleteAsync("open-answered", Answer(Now, "code-open")));

        Assert.Equal(2, await store.PurgeAsync(Now.AddMinutes(5)));

        Assert.Null(await store.GetAsync("expired-pending"));
        Assert.Null(await store.GetAsync("expired-answered"));
        Assert.Null(await store.FindByRequestIdAsync("request-expired-pending"));
        Assert.Null(await store.FindByRequestIdAsync("request-expired-answered"));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-expired")));
        Assert.NotNull(await store.GetAsync("at-cut-off"));
        Assert.NotNull(await store.GetAsync("open-pending"));
        Assert.Equal("open-answered", (await store.FindByResponseCodeAsync(CodeHash("code-open")))?.Id);
        Assert.False(await store.TryCompleteAsync("expired-pending", Answer(Now, null)));
        Assert.Equal(0, await store.PurgeAsync(Now.AddMinutes(5)));

        // What was purged is forgotten: its ids may be used again.
        await store.AddAsync(Pending("expired-pending", expiresAt: Now.AddMinutes(30)));
        Assert.NotNull(await store.FindByRequestIdAsync("request-expired-pending"));
        Assert.Equal(3, await store.PurgeAsync(Now.AddMinutes(11)));
        Assert.Equal("expired-pending", (await store.GetAsync("expired-pending"))?.Id);
    }

    [Fact]
    public async Task Values_round_trip_exactly()
    {
        var store = await CreateAsync();
        var tokyo = TimeSpan.FromHours(9);
        var created = new DateTimeOffset(2026, 12, 1, 18, 0, 0, 123, tokyo);
        var full = new VerifierTransaction(
            "取引-1 🧾",
            "request/αβγ?x=1&y=\"2\"",
            "nonce-\u00e9\u0301",
            "state 'quoted' \\ back",
            """{"credentials":[{"id":"氏名","claims":[{"path":["family_name"]}]}],"note":"\u0000 is escaped"}""",
            "年末調整のため、源泉徴収票の支払金額を確認します。😀 Zürich — naïve façade",
            "direct_post.jwt",
            EncryptionKey,
            created,
            created.AddMinutes(5).AddMilliseconds(456));
        var bare = new VerifierTransaction("t-bare", "request-bare", "n", "s", "{}", null, "direct_post", null, Now, Now.AddMinutes(5));
        await store.AddAsync(full);
        await store.AddAsync(bare);

        Assert.Equal(full, await store.GetAsync(full.Id));
        Assert.Equal(full, await store.FindByRequestIdAsync(full.RequestId));
        Assert.Equal(bare, await store.GetAsync("t-bare"));
        Assert.Null((await store.GetAsync("t-bare"))?.Purpose);
        Assert.Null((await store.GetAsync("t-bare"))?.EncryptionKey);

        var large = LargeResult();
        var fullAnswer = new VerifierTransactionOutcome(created.AddMinutes(1).AddMilliseconds(789), true, large, CodeHash("code-full"));
        var bareAnswer = new VerifierTransactionOutcome(Now.AddMinutes(2), false, "", null);
        Assert.True(await store.TryCompleteAsync(full.Id, fullAnswer));
        Assert.True(await store.TryCompleteAsync("t-bare", bareAnswer));

        var answered = await store.FindByResponseCodeAsync(CodeHash("code-full"));
        Assert.Equal(full with { EncryptionKey = null, Outcome = fullAnswer }, answered);
        Assert.Equal(large, answered?.Outcome?.Result);
        Assert.Equal(bare with { Outcome = bareAnswer }, await store.GetAsync("t-bare"));
        Assert.Null((await store.GetAsync("t-bare"))?.Outcome?.ResponseCode);
    }

    private static VerifierTransaction Pending(string id, DateTimeOffset? expiresAt = null) =>
        new(id, "request-" + id, "nonce-" + id, "state-" + id, Query, "源泉徴収票の確認", "direct_post.jwt", EncryptionKey, Now, expiresAt ?? Now.AddMinutes(5));

    private static VerifierTransactionOutcome Answer(DateTimeOffset at, string? code) =>
        new(at, true, """{"credentials":{"slip":{"payment_amount":5000000}}}""", code is null ? null : CodeHash(code));

    private static string CodeHash(string code) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    // About a megabyte of verified elements, with text beyond ASCII throughout.
    private static string LargeResult()
    {
        var json = new StringBuilder("""{"credentials":{"slip":[""");
        for (var i = 0; i < 20_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"index":{{i}},"family_name":"山田","given_name":"太郎🌸","note":"\"quoted\" \\u00e9"}""");
        }

        return json.Append("]}}").ToString();
    }

    [Fact]
    public async Task A_response_code_is_spent_by_the_first_redemption()
    {
        var store = await CreateAsync();
        await store.AddAsync(Pending("t9"));
        Assert.Null(await store.RedeemResponseCodeAsync(CodeHash("code-9")));
        Assert.True(await store.TryCompleteAsync("t9", new VerifierTransactionOutcome(Now.AddMinutes(1), true, "{}", CodeHash("code-9"))));

        var redeemed = await store.RedeemResponseCodeAsync(CodeHash("code-9"));

        Assert.Equal("t9", redeemed?.Id);
        Assert.True(redeemed!.Outcome!.Valid);
        Assert.Null(await store.RedeemResponseCodeAsync(CodeHash("code-9")));
        Assert.Null(await store.FindByResponseCodeAsync(CodeHash("code-9")));
        Assert.True((await store.GetAsync("t9"))!.IsAnswered);
    }
}
