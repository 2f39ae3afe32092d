using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using KefuHub.Protocols.MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace KefuHub.Protocols;

public sealed partial class MessagePackHubProtocol
{
    private HubMessage? ParseMessage(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var itemCount = Read(ref reader, "message", static (ref MessagePackReader r) => r.ReadArrayHeader());
        var messageType = Read(ref reader, "messageType", static (ref MessagePackReader r) => r.ReadInt32());
        var minimumItems = messageType switch
        {
            HubProtocolConstants.InvocationMessageType or HubProtocolConstants.StreamInvocationMessageType => 5,
            HubProtocolConstants.StreamItemMessageType or HubProtocolConstants.CompletionMessageType => 4,
            HubProtocolConstants.CancelInvocationMessageType => 3,
            HubProtocolConstants.CloseMessageType or HubProtocolConstants.AckMessageType or HubProtocolConstants.SequenceMessageType => 2,
            _ => 1,
        };
        Require(itemCount, minimumItems, messageType);
        return messageType switch
        {
            HubProtocolConstants.InvocationMessageType => ParseInvocation(ref reader, binder, itemCount),
            HubProtocolConstants.StreamInvocationMessageType => ParseStreamInvocation(ref reader, binder, itemCount),
            HubProtocolConstants.StreamItemMessageType => ParseStreamItem(ref reader, binder),
            HubProtocolConstants.CompletionMessageType => ParseCompletion(ref reader, binder, itemCount),
            HubProtocolConstants.CancelInvocationMessageType => ApplyHeaders(
                ReadHeaders(ref reader),
                new CancelInvocationMessage(ReadRequiredString(ref reader, "invocationId"))),
            HubProtocolConstants.PingMessageType => PingMessage.Instance,
            HubProtocolConstants.CloseMessageType => ParseClose(ref reader, itemCount),
            HubProtocolConstants.AckMessageType => new AckMessage(ReadSequenceId(ref reader)),
            HubProtocolConstants.SequenceMessageType => new SequenceMessage(ReadSequenceId(ref reader)),
            _ => null,
        };
    }

    private HubMessage ParseInvocation(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = ReadHeaders(ref reader);

        // An empty id, like a nil one, marks a non-blocking invocation.
        var invocationId = Read(ref reader, "invocationId", static (ref MessagePackReader r) => r.ReadString());
        invocationId = string.IsNullOrEmpty(invocationId) ? null : invocationId;
        var target = ReadTarget(ref reader, binder);
        if (!TryBindArguments(ref reader, binder, target, out var arguments, out var failure))
        {
            return new InvocationBindingFailureMessage(invocationId, target, failure);
        }

        return ApplyHeaders(headers, new InvocationMessage(invocationId, target, arguments, ReadStreamIds(ref reader, itemCount)));
    }

    private HubMessage ParseStreamInvocation(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = ReadRequiredString(ref reader, "invocationId");
        var target = ReadTarget(ref reader, binder);
        if (!TryBindArguments(ref reader, binder, target, out var arguments, out var failure))
        {
            return new InvocationBindingFailureMessage(invocationId, target, failure);
        }

        return ApplyHeaders(headers, new StreamInvocationMessage(invocationId, target, arguments, ReadStreamIds(ref reader, itemCount)));
    }

    private HubMessage ParseStreamItem(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = ReadRequiredString(ref reader, "invocationId");
        object? item;
        try
        {
            item = _payload.Deserialize(ref reader, binder.GetStreamItemType(invocationId));
        }
        catch (Exception ex)
        {
            // The frame boundary is known, so a bad item fails this stream, not the connection.
            return new StreamBindingFailureMessage(invocationId, ExceptionDispatchInfo.Capture(ex));
        }

        return ApplyHeaders(headers, new StreamItemMessage(invocationId, item));
    }

    private CompletionMessage ParseCompletion(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = ReadHeaders(ref reader);
        var invocationId = ReadRequiredString(ref reader, "invocationId");
        var resultKind = Read(ref reader, "resultKind", static (ref MessagePackReader r) => r.ReadInt32());
        string? error = null;
        object? result = null;
        var hasResult = false;
        switch (resultKind)
        {
            case ErrorResult:
                Require(itemCount, 5, HubProtocolConstants.CompletionMessageType);
                error = Read(ref reader, "error", static (ref MessagePackReader r) => r.ReadString());
                break;
            case NonVoidResult:
                Require(itemCount, 5, HubProtocolConstants.CompletionMessageType);
                hasResult = true;
                var resultType = TryGetReturnType(binder, invocationId);
                if (resultType is null)
                {
                    // Nobody waits for this id (a late or foreign completion): check and drop the value.
                    Read(ref reader, "result", static (ref MessagePackReader r) => r.Skip());
                }
                else if (resultType == typeof(RawResult))
                {
                    result = new RawResult(new ReadOnlySequence<byte>(reader.ReadRaw().ToArray()));
                }
                else
                {
                    try
                    {
                        result = _payload.Deserialize(ref reader, resultType);
                    }
                    catch (Exception ex)
                    {
                        // As the official protocol: the invocation fails, the connection stays.
                        error = $"Error trying to deserialize result to {resultType.Name}. {ex.Message}";
                        hasResult = false;
                    }
                }

                break;
            case VoidResult:
                break;
            default:
                throw new InvalidDataException($"Invalid invocation result kind {resultKind}.");
        }

        return ApplyHeaders(headers, new CompletionMessage(invocationId, error, result, hasResult));
    }

    private static CloseMessage ParseClose(ref MessagePackReader reader, int itemCount)
    {
        var error = Read(ref reader, "error", static (ref MessagePackReader r) => r.ReadString());
        var allowReconnect = itemCount > 2 && Read(ref reader, "allowReconnect", static (ref MessagePackReader r) => r.ReadBoolean());
        return error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect);
    }

    private static long ReadSequenceId(ref MessagePackReader reader) =>
        Read(ref reader, "sequenceId", static (ref MessagePackReader r) => r.ReadInt64());

    private bool TryBindArguments(
        ref MessagePackReader reader,
        IInvocationBinder binder,
        string target,
        out object?[] arguments,
        out ExceptionDispatchInfo failure)
    {
        // Any failure here is the invocation's, not the connection's: the frame's end is known.
        try
        {
            var parameterTypes = binder.GetParameterTypes(target);
            var count = Read(ref reader, "arguments", static (ref MessagePackReader r) => r.ReadArrayHeader());
            if (count != parameterTypes.Count)
            {
                throw new InvalidDataException($"Invocation provides {count} argument(s) but target expects {parameterTypes.Count}.");
            }

            arguments = new object?[count];
            for (var i = 0; i < count; i++)
            {
                try
                {
                    arguments[i] = _payload.Deserialize(ref reader, parameterTypes[i]);
                }
                catch (Exception ex)
                {
                    throw new InvalidDataException(
                        $"Error binding argument {i + 1}. Make sure that the types of the provided values match the types of the hub method being invoked.",
                        ex);
                }
            }

            failure = null!;
            return true;
        }
        catch (Exception ex)
        {
            arguments = [];
            failure = ExceptionDispatchInfo.Capture(ex);
            return false;
        }
    }

    private static Type? TryGetReturnType(IInvocationBinder binder, string invocationId)
    {
        try
        {
            return binder.GetReturnType(invocationId);
        }
        catch (Exception)
        {
            // Binders throw for an id nobody waits for; like the official protocol, the value is then dropped.
            return null;
        }
    }

    private static Dictionary<string, string>? ReadHeaders(ref MessagePackReader reader)
    {
        var count = Read(ref reader, "headers", static (ref MessagePackReader r) => r.ReadMapHeader());
        if (count == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadRequiredString(ref reader, "header key");
            headers[key] = ReadRequiredString(ref reader, "header value");
        }

        return headers;
    }

    private static string[]? ReadStreamIds(ref MessagePackReader reader, int itemCount)
    {
        // Older clients (and the JS client without streams) send five items: no stream ids.
        if (itemCount <= 5)
        {
            return null;
        }

        var count = Read(ref reader, "streamIds", static (ref MessagePackReader r) => r.ReadArrayHeader());
        if (count == 0)
        {
            return null;
        }

        var streamIds = new string[count];
        for (var i = 0; i < count; i++)
        {
            streamIds[i] = ReadRequiredString(ref reader, "streamId");
        }

        return streamIds;
    }

    private static string ReadTarget(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var utf8 = Read(ref reader, "target", static (ref MessagePackReader r) => r.ReadStringBytes());
        return utf8.IsEmpty
            ? throw new InvalidDataException("Null or empty target.")
            : binder.GetTarget(utf8) ?? Encoding.UTF8.GetString(utf8);
    }

    private static string ReadRequiredString(ref MessagePackReader reader, string field)
    {
        var value = Read(ref reader, field, static (ref MessagePackReader r) => r.ReadString());
        return string.IsNullOrEmpty(value) ? throw new InvalidDataException($"Null or empty {field}.") : value;
    }

    private static void Require(int itemCount, int minimum, int messageType)
    {
        if (itemCount < minimum)
        {
            throw new InvalidDataException($"Message of type {messageType} has {itemCount} item(s); at least {minimum} expected.");
        }
    }

    private static T ApplyHeaders<T>(Dictionary<string, string>? headers, T message)
        where T : HubInvocationMessage
    {
        if (headers is not null)
        {
            message.Headers = headers;
        }

        return message;
    }

    /// <summary>Runs one read, naming the field in the error if the input is malformed.</summary>
    private static T Read<T>(ref MessagePackReader reader, string field, ReadField<T> read)
        where T : allows ref struct
    {
        try
        {
            return read(ref reader);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"Reading '{field}' failed: {ex.Message}", ex);
        }
    }

    private static void Read(ref MessagePackReader reader, string field, SkipField read)
    {
        try
        {
            read(ref reader);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"Reading '{field}' failed: {ex.Message}", ex);
        }
    }

    private delegate T ReadField<T>(ref MessagePackReader reader)
        where T : allows ref struct;

    private delegate void SkipField(ref MessagePackReader reader);
}
