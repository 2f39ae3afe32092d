using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IFileStore
{
    public async ValueTask SaveFileAsync(FileRecord file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                INSERT INTO files (tenant_id, file_id, name, content_type, size, uploader_kind, uploader_id, created_at, data)
                VALUES (@TenantId, @FileId, @Name, @ContentType, @Size, @kind, @UploaderId, @createdAt, @Data)
                """,
                new { file.TenantId, file.FileId, file.Name, file.ContentType, file.Size, kind = (int)file.UploaderKind, file.UploaderId, createdAt = Millis(file.CreatedAt), file.Data },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<FileRecord?> GetFileAsync(int tenantId, string fileId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    "SELECT tenant_id, file_id, name, content_type, size, uploader_kind, uploader_id, created_at, data FROM files WHERE tenant_id = @tenantId AND file_id = @fileId",
                    new { tenantId, fileId },
                    null,
                    cancellationToken),
                reader =>
                {
                    var data = reader.GetOrdinal("data");
                    return new FileRecord
                    {
                        TenantId = reader.Int32("tenant_id"),
                        FileId = reader.String("file_id"),
                        Name = reader.String("name"),
                        ContentType = reader.String("content_type"),
                        Size = reader.Int64("size"),
                        UploaderKind = (TokenKind)reader.Int32("uploader_kind"),
                        UploaderId = reader.String("uploader_id"),
                        CreatedAt = reader.Time("created_at"),
                        Data = reader.IsDBNull(data) ? null : (byte[])reader.GetValue(data),
                    };
                }),
            cancellationToken);
}
