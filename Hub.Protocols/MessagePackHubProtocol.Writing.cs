using System.Buffers;
using KefuHub.Protocols.MessagePack;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace KefuHub.Protocols;

public sealed partial class MessagePackHubProtocol
{
    // The body is written first so that its length can precede it; bodies above this size are not
    // kept for the thread once written.
    private const int RetainedBodyLimit = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_body;

    private ArrayBufferWriter<byte> WriteBody(HubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = t_body ?? new ArrayBufferWriter<byte>();
        t_body = null;
        try
        {
            var writer = new MessagePackWriter(body);
            WriteMessageCore(message, ref writer);
            return body;
        }
        catch
        {
            ReturnBody(body);
            throw;
        }
    }

    private static void ReturnBody(ArrayBufferWriter<byte> body)
    {
        if (body.Capacity <= RetainedBodyLimit)
        {
            body.ResetWrittenCount();
            t_body = body;
        }
    }

    private void WriteMessageCore(HubMessage message, ref MessagePackWriter writer)
    {
        switch (message)
        {
            case InvocationMessage invocation:
                WriteInvocation(HubProtocolConstants.InvocationMessageType, invocation, invocation.StreamIds, ref writer);
                break;
            case StreamInvocationMessage streamInvocation:
                WriteInvocation(HubProtocolConstants.StreamInvocationMessageType, streamInvocation, streamInvocation.StreamIds, ref writer);
                break;
            case StreamItemMessage streamItem:
                WriteStart(4, HubProtocolConstants.StreamItemMessageType, streamItem, ref writer);
                WriteValue(streamItem.Item, ref writer);
                break;
            case CompletionMessage completion:
                WriteCompletion(completion, ref writer);
                break;
            case CancelInvocationMessage cancel:
                WriteStart(3, HubProtocolConstants.CancelInvocationMessageType, cancel, ref writer);
                break;
            case PingMessage:
                writer.WriteArrayHeader(1);
                writer.WriteInt64(HubProtocolConstants.PingMessageType);
                break;
            case CloseMessage close:
                writer.WriteArrayHeader(3);
                writer.WriteInt64(HubProtocolConstants.CloseMessageType);
                WriteOptionalString(close.Error, ref writer);
                writer.WriteBoolean(close.AllowReconnect);
                break;
            case AckMessage ack:
                writer.WriteArrayHeader(2);
                writer.WriteInt64(HubProtocolConstants.AckMessageType);
                writer.WriteInt64(ack.SequenceId);
                break;
            case SequenceMessage sequence:
                writer.WriteArrayHeader(2);
                writer.WriteInt64(HubProtocolConstants.SequenceMessageType);
                writer.WriteInt64(sequence.SequenceId);
                break;
            default:
                throw new InvalidDataException($"Unexpected message type: {message.GetType().Name}");
        }
    }

    /// <summary>[type, headers, id, target, arguments, streamIds]: six items always, as the official writer.</summary>
    private void WriteInvocation(int messageType, HubMethodInvocationMessage invocation, string[]? streamIds, ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(6);
        writer.WriteInt64(messageType);
        WriteHeaders(invocation.Headers, ref writer);
        WriteOptionalString(invocation.InvocationId, ref writer);
        writer.WriteString(invocation.Target);
        WriteArguments(invocation.Arguments, ref writer);
        WriteStreamIds(streamIds, ref writer);
    }

    private void WriteCompletion(CompletionMessage completion, ref MessagePackWriter writer)
    {
        var resultKind = completion.Error is not null ? ErrorResult
            : completion.HasResult ? NonVoidResult
            : VoidResult;
        WriteStart(resultKind == VoidResult ? 4 : 5, HubProtocolConstants.CompletionMessageType, completion, ref writer);
        writer.WriteInt64(resultKind);
        if (resultKind == ErrorResult)
        {
            writer.WriteString(completion.Error!);
        }
        else if (resultKind == NonVoidResult)
        {
            WriteValue(completion.Result, ref writer);
        }
    }

    /// <summary>[type, headers, invocationId, ...]: the start of StreamItem, Completion and CancelInvocation.</summary>
    private static void WriteStart(int itemCount, int messageType, HubInvocationMessage message, ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(itemCount);
        writer.WriteInt64(messageType);
        WriteHeaders(message.Headers, ref writer);
        writer.WriteString(message.InvocationId!);
    }

    private void WriteArguments(object?[]? arguments, ref MessagePackWriter writer)
    {
        arguments ??= [];
        writer.WriteArrayHeader(arguments.Length);
        foreach (var argument in arguments)
        {
            WriteValue(argument, ref writer);
        }
    }

    private void WriteValue(object? value, ref MessagePackWriter writer)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case RawResult raw:
                // A client result forwarded by a backplane: already MessagePack.
                foreach (var segment in raw.RawSerializedData)
                {
                    writer.WriteRaw(segment.Span);
                }

                break;
            default:
                _payload.Serialize(ref writer, value);
                break;
        }
    }

    private static void WriteHeaders(IDictionary<string, string>? headers, ref MessagePackWriter writer)
    {
        writer.WriteMapHeader(headers?.Count ?? 0);
        if (headers is null)
        {
            return;
        }

        foreach (var (key, value) in headers)
        {
            writer.WriteString(key);
            writer.WriteString(value);
        }
    }

    private static void WriteStreamIds(string[]? streamIds, ref MessagePackWriter writer)
    {
        streamIds ??= [];
        writer.WriteArrayHeader(streamIds.Length);
        foreach (var streamId in streamIds)
        {
            writer.WriteString(streamId);
        }
    }

    private static void WriteOptionalString(string? value, ref MessagePackWriter writer)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteNil();
        }
        else
        {
            writer.WriteString(value);
        }
    }
}
