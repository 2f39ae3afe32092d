using System.Buffers;
using Microsoft.AspNetCore.SignalR.Protocol;
using static KefuHub.Tests.Protocols.ChatPayloads;
using static KefuHub.Tests.Protocols.ProtocolFrames;

namespace KefuHub.Tests.Protocols;

public sealed class MessagePackFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly TestBinder Binder = new(
        new Dictionary<string, Type[]> { ["SendMessage"] = [typeof(SendMessageRequest)], ["message"] = [typeof(MessageEvent)], ["method"] = [typeof(int)] },
        new Dictionary<string, Type> { ["1"] = typeof(SendMessageResult), ["2"] = typeof(object) },
        new Dictionary<string, Type> { ["1"] = typeof(MessageEvent) });

    [Fact]
    public void TryParseMessage_MutatedFrames_OnlyParseOrRejectWithBoundedAllocation()
    {
        var protocol = Protocol();
        HubMessage[] seeds =
        [
            new InvocationMessage("1", "SendMessage", [Request]) { Headers = new Dictionary<string, string> { ["a"] = "b" } },
            new InvocationMessage("message", [Event]),
            new StreamInvocationMessage("1", "method", [42], ["s"]),
            new StreamItemMessage("1", Event),
            CompletionMessage.WithResult("1", new SendMessageResult("m", 3, Event.CreateDatetime)),
            CompletionMessage.WithResult("2", new object[] { 1, "x", new[] { 1.5 }, true }),
            CompletionMessage.WithError("1", "boom"),
            new CancelInvocationMessage("1"),
            PingMessage.Instance,
            new CloseMessage("bye", allowReconnect: true),
            new AckMessage(1000),
            new SequenceMessage(7),
        ];
        var frames = seeds.Select(m => Write(protocol, m)).ToArray();
        var random = new Random(20261121);
        var (parsed, rejected, incomplete) = (0, 0, 0);

        for (var i = 0; i < Iterations; i++)
        {
            var frame = Mutate(frames[random.Next(frames.Length)], random);
            var input = random.Next(4) == 0 ? Fragmented(frame) : new ReadOnlySequence<byte>(frame);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                while (protocol.TryParseMessage(ref input, Binder, out _))
                {
                    parsed++;
                }

                incomplete++;
            }
            catch (Exception ex) when (MessagePackRobustnessTests.IsRejection(ex))
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Iteration {i}: {ex.GetType().Name} for frame {Convert.ToHexString(frame)}: {ex}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 256 * 1024, $"Iteration {i} allocated {allocated} bytes for a {frame.Length}-byte frame {Convert.ToHexString(frame)}.");
        }

        // Every kind of outcome happened, so the mutations exercise more than one path.
        Assert.All(new[] { parsed, rejected, incomplete }, count => Assert.True(count > Iterations / 50, $"parsed {parsed}, rejected {rejected}, incomplete {incomplete}"));
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            switch (random.Next(6))
            {
                case 0:
                    // Flip one bit.
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    // Truncate.
                    bytes = bytes.Take(random.Next(1, bytes.Count + 1)).ToList();
                    break;
                case 2:
                    // Tamper with the length prefix, keeping the body: a little off, or anything.
                    var body = bytes.Skip(bytes.FindIndex(b => b < 0x80) + 1).ToList();
                    var length = random.Next(2) == 0 ? Math.Max(0, body.Count + random.Next(-3, 4)) : random.Next();
                    bytes = [.. LengthPrefix(length), .. body];
                    break;
                case 3:
                    // A random byte somewhere: often a new type code or length.
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 4:
                    // Insert interesting bytes: 32-bit lengths, nesting, nil.
                    byte[][] inserts = [[0xdd, 0xff, 0xff, 0xff, 0xff], [0xdb, 0x7f, 0xff, 0xff, 0xff], [0x91, 0x91, 0x91, 0x91], [0xc0], [0xdf, 0, 0, 0, 9]];
                    bytes.InsertRange(random.Next(bytes.Count), inserts[random.Next(inserts.Length)]);
                    break;
                default:
                    // Two frames back to back: the parser must keep the boundary.
                    bytes.AddRange(frame);
                    break;
            }

            if (bytes.Count == 0)
            {
                bytes.Add(0);
            }
        }

        return [.. bytes];
    }
}
