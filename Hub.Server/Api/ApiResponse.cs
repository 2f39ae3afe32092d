namespace KefuHub.Server.Api;

/// <summary>Easemob's success envelopes: <c>{"status":"OK","entity":...}</c> and <c>{"status":"OK","entities":[...]}</c>.</summary>
public static class ApiResponse
{
    public static IResult Entity<T>(T entity) => Results.Json(new EntityBody<T>("OK", entity));

    public static IResult Entities<T>(IReadOnlyList<T> entities) => Results.Json(new EntitiesBody<T>("OK", entities));

    private sealed record EntityBody<T>(string Status, T Entity);

    private sealed record EntitiesBody<T>(string Status, IReadOnlyList<T> Entities);
}
