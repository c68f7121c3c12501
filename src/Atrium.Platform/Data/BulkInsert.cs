using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Atrium.Platform.Data;

/// <summary>
/// Inserts many rows of an insert-only entity without EF's change tracking and update pipeline, which
/// are most of <c>SaveChanges</c>' cost per row (the weather history writes thousands a second). The
/// table, the columns and the value conversions come from the EF model, so a row is stored exactly as
/// <c>SaveChanges</c> would store it; values always travel as parameters. Providers that batch
/// (Npgsql) send the rows in one round trip; SQLite, in process, reuses one prepared statement.
/// One transaction: the rows land together or not at all.
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var statement = Statement.For<T>(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (connection.CanCreateBatch)
        {
            await InsertBatchedAsync(connection, transaction.GetDbTransaction(), statement, rows, ct);
        }
        else
        {
            await InsertPreparedAsync(connection, transaction.GetDbTransaction(), statement, rows, ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task InsertBatchedAsync<T>(DbConnection connection, DbTransaction transaction, Statement statement, IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var row in rows)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            for (var i = 0; i < statement.Columns.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = statement.Columns[i].Parameter;
                if (statement.Columns[i].Mapping.DbType is { } type)
                {
                    parameter.DbType = type;
                }

                parameter.Value = statement.Columns[i].ValueOf(row);
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertPreparedAsync<T>(DbConnection connection, DbTransaction transaction, Statement statement, IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Sql;
        var parameters = statement.Columns
            .Select(c => c.Mapping.CreateParameter(command, c.Parameter, value: null, c.Property.IsNullable))
            .ToArray();
        command.Parameters.AddRange(parameters);
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = statement.Columns[i].ValueOf(row);
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, string Parameter)
    {
        public object ValueOf(object row)
        {
            var value = Property.GetGetter().GetClrValueUsingContainingEntity(row);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }

    private sealed record Statement(string Sql, Column[] Columns)
    {
        public static Statement For<T>(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(T))
                ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of {db.GetType().Name}.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entity.GetProperties().ToArray();
            var columns = properties
                .Select((p, i) => new Column(p, p.GetRelationalTypeMapping(), sql.GenerateParameterName($"p{i}")))
                .ToArray();
            var placeholders = properties.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}"));
            // Identifiers from the model, delimited by the provider; every value is a parameter.
            var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
                $"({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", placeholders)})";
            return new Statement(text, columns);
        }
    }
}
