using Honnin.Holder.Storage;
using Npgsql;

namespace Honnin.Storage.PostgreSql;

/// <summary>
/// A wallet in a PostgreSQL database (one wallet per database or schema, chosen by the connection string's
/// <c>Search Path</c>): the same schema and sealing as <c>SqliteWalletStore</c> — credentials and the person's log
/// under AES-256-GCM with a data key the <see cref="IWalletKeyProvider"/> wraps, batch use and the log in one
/// transaction. Several instances may share the database; its row locks decide which presentation takes a credential.
/// Open with <see cref="OpenAsync"/>.
/// </summary>
public sealed class PostgreSqlWalletStore : DbWalletStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlWalletStore(NpgsqlDataSource dataSource)
        : base(PostgreSqlDatabase.Opener(dataSource), PostgreSqlDatabase.Dialect) => _dataSource = dataSource;

    /// <summary>
    /// Opens the wallet the connection string names, creating its tables when they do not exist: unwraps the data key
    /// with <paramref name="keys"/> (a new wallet gets a fresh key), then applies the schema migrations.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string; its password never appears in Honnin's messages.</param>
    /// <param name="keys">Guards the data key: a passphrase, or a key service.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open wallet.</returns>
    /// <exception cref="WalletStoreException">The key does not open this wallet (nothing is changed), or the schema is newer than this version.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgreSqlWalletStore> OpenAsync(string connectionString, IWalletKeyProvider keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return await StoreOpening.OpenAsync(new PostgreSqlWalletStore(NpgsqlDataSource.Create(connectionString)), s => s.OpenAsync(keys, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Forgets the keys held in memory and closes the connections.</summary>
    /// <param name="disposing">True when called from <see cref="DbWalletStore.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }
}
