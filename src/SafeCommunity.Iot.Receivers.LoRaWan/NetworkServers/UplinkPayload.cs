using System.Buffers;
using System.Text.Json;

namespace SafeCommunity.Iot.Receivers.LoRaWan.NetworkServers;

/// <summary>The base64 frame field of an uplink event (<c>data</c>, <c>uplink_message.frm_payload</c>).</summary>
/// <remarks>
/// The text is copied out as UTF-16 (<see cref="Utf8JsonReader.CopyString(Span{char})"/>: unescaped, and in one piece
/// when the message is split over segments) and decoded by <see cref="Convert.TryFromBase64Chars"/>, on the stack.
/// Not <c>Base64.DecodeFromUtf8</c>: that one refuses a last quantum whose unused bits are not zero (<c>"ql=="</c>),
/// which <see cref="Convert"/> — and so the gateway, always — accepts; a publisher may escape <c>+</c> as <c>\u002B</c>
/// (System.Text.Json does), so the text needs unescaping before any decoder sees it anyway.
/// </remarks>
internal static class UplinkPayload
{
    /// <summary>
    /// Base64 text this long is decoded on the stack: a SafeCommunity frame is at most 51 bytes (68 characters), a
    /// LoRaWAN application payload at most 242 (324 characters). Longer text is decoded in pooled buffers.
    /// </summary>
    private const int StackLimit = 512;

    /// <summary>
    /// Decodes the base64 string the reader is on. The frame is then copied into an array of its exact length, the one
    /// allocation that has to stay: the pipeline keeps the frame after the message is gone. On failure returns null
    /// and sets <paramref name="failure"/> (<see cref="LoRaWanParseStatus.MissingData"/> or
    /// <see cref="LoRaWanParseStatus.BadBase64"/>).
    /// </summary>
    /// <param name="reader">On the field's value.</param>
    /// <param name="path">The field, for the failure's detail.</param>
    /// <param name="failure">Why there is no frame.</param>
    public static byte[]? Read(ref Utf8JsonReader reader, string path, out LoRaWanParseResult? failure)
    {
        failure = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, $"{path} is missing");
            return null;
        }

        // The message is at most LoRaWanMessageParser.MaxMessageBytes, so the length fits an int; unescaping and
        // UTF-8 to UTF-16 only ever shorten it.
        var encoded = (int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length);
        char[]? rentedText = null;
        byte[]? rentedFrame = null;
        try
        {
            var text = encoded <= StackLimit ? stackalloc char[StackLimit] : (rentedText = ArrayPool<char>.Shared.Rent(encoded));
            text = text[..reader.CopyString(text)];
            if (text.IsWhiteSpace())
            {
                failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.MissingData, $"{path} is empty");
                return null;
            }

            var decoded = DecodedLength(text.Length);
            var frame = decoded <= StackLimit ? stackalloc byte[StackLimit] : (rentedFrame = ArrayPool<byte>.Shared.Rent(decoded));
            if (!Convert.TryFromBase64Chars(text, frame, out var written))
            {
                failure = LoRaWanParseResult.Failure(LoRaWanParseStatus.BadBase64, $"{path} is not base64");
                return null;
            }

            return frame[..written].ToArray();
        }
        finally
        {
            if (rentedText is not null)
            {
                ArrayPool<char>.Shared.Return(rentedText);
            }

            if (rentedFrame is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedFrame);
            }
        }
    }

    /// <summary>
    /// The frame's first byte, decoded on the stack from the base64 string the reader is on: what
    /// <see cref="Read"/> would decode, without the array. False when it is not a string, not base64, or longer than
    /// any frame could be written (<see cref="StackLimit"/>: 51 bytes are 68 characters, 408 even if every one were escaped).
    /// </summary>
    public static bool TryReadFirstByte(ref Utf8JsonReader reader, out byte first)
    {
        first = 0;
        if (reader.TokenType != JsonTokenType.String ||
            (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > StackLimit)
        {
            return false;
        }

        Span<char> text = stackalloc char[StackLimit];
        Span<byte> frame = stackalloc byte[DecodedLength(StackLimit)];
        var length = reader.CopyString(text);
        if (!Convert.TryFromBase64Chars(text[..length], frame, out var written) || written == 0)
        {
            return false;
        }

        first = frame[0];
        return true;
    }

    /// <summary>Room for what <paramref name="characters"/> of base64 decode to.</summary>
    private static int DecodedLength(int characters) => ((characters + 3) / 4) * 3;
}
