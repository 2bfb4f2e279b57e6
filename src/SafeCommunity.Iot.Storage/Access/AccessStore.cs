using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using SafeCommunity.Iot.Core.Access;
using SafeCommunity.Iot.Storage.Alarms;
using SafeCommunity.Iot.Storage.Database;

namespace SafeCommunity.Iot.Storage.Access;

/// <summary>
/// API tokens (tables <c>api_tokens</c>) and the audit log (<c>audit_log</c>) in the gateway database. Every call
/// opens its own pooled connection, so any thread may call.
/// </summary>
public sealed class AccessStore : IAccessStore
{
    /// <summary>The most audit lines one read returns.</summary>
    public const int MaxAuditPerRead = 1000;

    private const string TokenColumns =
        "id, name, role, community_ids, principal, secret_hash, created_at, created_by, expires_at, revoked_at";

    private const string SelectTokenColumns = "SELECT " + TokenColumns + " FROM api_tokens";

    private const string InsertAuditSql = """
        INSERT INTO audit_log (at, token_id, actor, action, target, detail)
        VALUES (@at, @token_id, @actor, @action, @target, @detail)
        """;

    private readonly GatewayDatabase _database;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public AccessStore(GatewayDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">A row holds a role this code does not know.</exception>
    public IReadOnlyList<ApiToken> LoadTokens()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SelectTokenColumns + " ORDER BY created_at, id;";
        using var reader = command.ExecuteReader();
        var tokens = new List<ApiToken>();
        while (reader.Read())
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    /// <inheritdoc />
    /// <exception cref="DbException">A token with that id exists, or a field breaks a constraint; nothing was written.</exception>
    public void AddToken(ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO api_tokens (id, name, role, community_ids, principal, secret_hash, created_at, created_by,
                                    expires_at, revoked_at)
            VALUES (@id, @name, @role, @community_ids, @principal, @secret_hash, @created_at, @created_by, @expires_at,
                    @revoked_at);
            """;
        command.AddWithValue("@id", token.Id);
        command.AddWithValue("@name", token.Name);
        command.AddWithValue("@role", StoredNames.NameOf(token.Role));
        command.AddWithValue("@community_ids", JsonSerializer.Serialize(token.CommunityIds, StorageJsonContext.Default.IReadOnlyListString));
        command.AddWithValue("@principal", DbValues.OrNull(token.Principal));
        command.AddWithValue("@secret_hash", token.SecretHash);
        command.AddWithValue("@created_at", DbValues.ToUnixMilliseconds(token.CreatedAt));
        command.AddWithValue("@created_by", token.CreatedBy);
        command.AddWithValue("@expires_at", DbValues.OrNull(token.ExpiresAt));
        command.AddWithValue("@revoked_at", DbValues.OrNull(token.RevokedAt));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    /// <remarks>Revoking a revoked token keeps its first revocation time.</remarks>
    public ApiToken? RevokeToken(string tokenId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, @at) WHERE id = @id RETURNING "
            + TokenColumns + ";";
        command.AddWithValue("@id", tokenId);
        command.AddWithValue("@at", DbValues.ToUnixMilliseconds(at));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadToken(reader) : null;
    }

    /// <inheritdoc />
    public AuditRecord Audit(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = InsertAuditSql + " RETURNING id;";
        BindAudit(command, record);
        var id = (long)command.ExecuteScalar()!;
        return record with { Id = id, At = DbValues.AsStored(record.At) };
    }

    /// <inheritdoc />
    public void AuditAll(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertAuditSql + ";";
        foreach (var record in records)
        {
            command.Parameters.Clear();
            BindAudit(command, record);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    /// <remarks>In chunks of <see cref="State.DeviceStateStore.PruneChunkSize"/> lines, each its own transaction.</remarks>
    public int PruneAudit(DateTimeOffset olderThan) =>
        _database.DeleteOlderThan("audit_log", olderThan, State.DeviceStateStore.PruneChunkSize);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1..<see cref="MaxAuditPerRead"/>.</exception>
    public IReadOnlyList<AuditRecord> ListAudit(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxAuditPerRead);
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.Since is { } since)
        {
            conditions.Add("at >= @since");
            command.AddWithValue("@since", DbValues.ToUnixMilliseconds(since));
        }

        if (query.Action is { } action)
        {
            conditions.Add("action = @action");
            command.AddWithValue("@action", action);
        }

        if (query.TokenId is { } tokenId)
        {
            conditions.Add("token_id = @token_id");
            command.AddWithValue("@token_id", tokenId);
        }

        if (query.BeforeId is { } before)
        {
            conditions.Add("id < @before");
            command.AddWithValue("@before", before);
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = "SELECT id, at, token_id, actor, action, target, detail FROM audit_log" + where
            + " ORDER BY id DESC LIMIT @limit;";
        command.AddWithValue("@limit", (long)query.Limit);
        using var reader = command.ExecuteReader();
        var records = new List<AuditRecord>();
        while (reader.Read())
        {
            records.Add(new AuditRecord(
                reader.GetInt64(0), reader.GetTime(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetStringOrNull(6)));
        }

        return records;
    }

    private static ApiToken ReadToken(DbDataReader reader)
    {
        var id = reader.GetString(0);
        return new ApiToken
        {
            Id = id,
            Name = reader.GetString(1),
            Role = StoredNames.Parse<AccessRole>(reader.GetString(2), string.Create(CultureInfo.InvariantCulture, $"token {id}")),
            CommunityIds = JsonSerializer.Deserialize(reader.GetString(3), StorageJsonContext.Default.IReadOnlyListString) ?? [],
            Principal = reader.GetStringOrNull(4),
            SecretHash = (byte[])reader.GetValue(5),
            CreatedAt = reader.GetTime(6),
            CreatedBy = reader.GetString(7),
            ExpiresAt = reader.GetTimeOrNull(8),
            RevokedAt = reader.GetTimeOrNull(9),
        };
    }

    private static void BindAudit(DbCommand command, AuditRecord record)
    {
        command.AddWithValue("@at", DbValues.ToUnixMilliseconds(record.At));
        command.AddWithValue("@token_id", record.TokenId);
        command.AddWithValue("@actor", record.Actor);
        command.AddWithValue("@action", record.Action);
        command.AddWithValue("@target", record.Target);
        command.AddWithValue("@detail", DbValues.OrNull(record.Detail));
    }
}
