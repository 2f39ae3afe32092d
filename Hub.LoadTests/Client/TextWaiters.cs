using System.Collections.Concurrent;
using KefuHub.LoadTests.Wire;

namespace KefuHub.LoadTests.Client;

/// <summary>Pushed messages awaited by their text: a scenario registers the text it expects before the
/// call that causes it, so a fast push is never missed.</summary>
internal sealed class TextWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MessageEvent>> _waiting = new(StringComparer.Ordinal);

    public Task<MessageEvent> Expect(string text)
    {
        var waiter = new TaskCompletionSource<MessageEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[text] = waiter;
        return waiter.Task;
    }

    public void Forget(string text) => _waiting.TryRemove(text, out _);

    public void Received(MessageEvent message)
    {
        if (message.Text is { } text && _waiting.TryRemove(text, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }
}
