using System.Data.Common;
using Honnin.Verifier.Status;
using static Honnin.Storage.SchemaMigrations;
using static Honnin.Storage.Sql;

namespace Honnin.Storage;

/// <summary>
/// The verifier's state over an ADO.NET database, the one implementation behind <c>SqliteVerifierStore</c> and
/// <c>PostgreSqlVerifierStore</c>: the status list cache, shared by every instance of a verifier service. A status list
/// is public data; what is cached is the token as fetched, verified again by whoever reads it.
/// </summary>
public abstract class DbVerifierStore : IStatusListCache
{
    /// <summary>The verifier's schema, one array of statements per version.</summary>
    internal static readonly IReadOnlyList<string[]> Schema =
    [
        [
            "CREATE TABLE verifier_status_lists (uri TEXT PRIMARY KEY, token {blob} NOT NULL, fetched_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
        ],
    ];

    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly SqlDialect _dialect;

    private protected DbVerifierStore(Func<CancellationToken, ValueTask<DbConnection>> open, SqlDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    /// <inheritdoc/>
    public async Task<CachedStatusList?> GetAsync(string uri, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, "SELECT token, fetched_at, expires_at FROM verifier_status_lists WHERE uri = @uri AND expires_at > @now");
        Parameter(select, "@uri", uri);
        Parameter(select, "@now", now.ToUnixTimeMilliseconds());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CachedStatusList(uri, (byte[])reader.GetValue(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    /// <inheritdoc/>
    public async Task PutAsync(CachedStatusList entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var upsert = Command(connection, null,
            "INSERT INTO verifier_status_lists (uri, token, fetched_at, expires_at) VALUES (@uri, @token, @fetched, @expires) " +
            "ON CONFLICT (uri) DO UPDATE SET token = excluded.token, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at");
        Parameter(upsert, "@uri", entry.Uri);
        Parameter(upsert, "@token", entry.Token.ToArray());
        Parameter(upsert, "@fetched", entry.FetchedAt.ToUnixTimeMilliseconds());
        Parameter(upsert, "@expires", entry.ExpiresAt.ToUnixTimeMilliseconds());
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the schema migrations.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    private protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await ApplyAsync(connection, _dialect, "verifier", Schema, message => new InvalidOperationException(message), cancellationToken).ConfigureAwait(false);
    }
}
