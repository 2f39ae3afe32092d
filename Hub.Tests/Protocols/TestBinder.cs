using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Tests.Protocols;

/// <summary>An <see cref="IInvocationBinder"/> with fixed targets; unknown ids and targets throw, as real binders do.</summary>
internal sealed class TestBinder(
    IReadOnlyDictionary<string, Type[]>? targets = null,
    IReadOnlyDictionary<string, Type>? returnTypes = null,
    IReadOnlyDictionary<string, Type>? streamItemTypes = null) : IInvocationBinder
{
    /// <summary>"method"(int), the spec examples' target; invocation and stream id "xyz" yield int.</summary>
    public static TestBinder Spec { get; } = new(
        new Dictionary<string, Type[]> { ["method"] = [typeof(int)] },
        new Dictionary<string, Type> { ["xyz"] = typeof(int) },
        new Dictionary<string, Type> { ["xyz"] = typeof(int) });

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        targets is not null && targets.TryGetValue(methodName, out var types) ? types : throw new InvalidOperationException($"No target '{methodName}'.");

    public Type GetReturnType(string invocationId) =>
        returnTypes is not null && returnTypes.TryGetValue(invocationId, out var type) ? type : throw new InvalidOperationException($"No invocation '{invocationId}'.");

    public Type GetStreamItemType(string streamId) =>
        streamItemTypes is not null && streamItemTypes.TryGetValue(streamId, out var type) ? type : throw new InvalidOperationException($"No stream '{streamId}'.");
}
