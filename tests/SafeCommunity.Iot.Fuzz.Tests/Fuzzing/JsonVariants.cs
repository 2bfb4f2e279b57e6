using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SafeCommunity.Iot.Fuzz.Tests.Fuzzing;

/// <summary>
/// Structural mutations of JSON seeds, made once per run (deterministically from the seed) into a pool that the
/// byte mutator then works on: keys dropped or given twice, values of the wrong type, numbers too large for any
/// type, strings and nesting past every limit, arrays and objects swapped, sections emptied.
/// </summary>
internal static class JsonVariants
{
    private const string RawMarker = "\u0002raw";
    private const string DuplicateMarker = "\u0002dup";

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "1E+9999", "123456789012345678901234567890", "-0", "0.0000000000000000000000001",
        "4294967296", "4294967295", "-1", "2147483648", "-2147483649", "18446744073709551616", "9223372036854775808",
        "1.7976931348623157e308", "5e-324", "0e0", "-0.0", "1.0", "3.5", "91", "-181", "1e-400",
    ];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary><paramref name="count"/> variants of <paramref name="seeds"/> (UTF-8 JSON), each with one to three structural mutations.</summary>
    public static IReadOnlyList<byte[]> Make(IReadOnlyList<byte[]> seeds, int count, int seed)
    {
        var roots = seeds.Select(s => JsonNode.Parse(s, documentOptions: ReadOptions)!).ToArray();
        var variants = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var random = new FuzzRandom(seed, -1 - i);
            var root = random.Pick(roots).DeepClone();
            var raws = new List<string>();
            var mutations = 1 + random.Next(3);
            for (var m = 0; m < mutations; m++)
            {
                root = Mutate(ref random, root, raws);
            }

            variants.Add(Encoding.UTF8.GetBytes(Render(root, raws)));
        }

        return variants;
    }

    private static JsonNode Mutate(ref FuzzRandom random, JsonNode root, List<string> raws)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = random.Pick(nodes);
        switch (random.Next(7))
        {
            case 0 when target is JsonObject { Count: > 0 } drop:
                drop.Remove(drop.ElementAt(random.Next(drop.Count)).Key);
                return root;
            case 1 when target is JsonObject { Count: > 0 } twice:
                // JsonNode keeps one value per key; the second copy goes in as a marker the renderer expands.
                var (key, value) = twice.ElementAt(random.Next(twice.Count));
                raws.Add(JsonSerializer.Serialize(key) + ":" + (value?.ToJsonString() ?? "null"));
                twice[DuplicateMarker + (raws.Count - 1).ToString(CultureInfo.InvariantCulture)] = null;
                return root;
            default:
                return Replace(root, target, Replacement(ref random, target, raws));
        }
    }

    private static JsonNode? Replacement(ref FuzzRandom random, JsonNode target, List<string> raws)
    {
        switch (random.Next(10))
        {
            case 0:
                return Raw(raws, HugeNumbers[random.Next(HugeNumbers.Length)]);
            case 1:
                // Nesting around the parsers' depth limits (32, 64) and far past them.
                int[] depths = [31, 32, 33, 63, 64, 65, 500];
                var depth = depths[random.Next(depths.Length)];
                return random.OneIn(2)
                    ? Raw(raws, new string('[', depth) + "1" + new string(']', depth))
                    : Raw(raws, string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
            case 2:
                int[] lengths = [65, 201, 1000, 70_000];
                return JsonValue.Create(new string((char)('a' + random.Next(26)), lengths[random.Next(lengths.Length)]));
            case 3:
                return random.Next(4) switch { 0 => JsonValue.Create(true), 1 => JsonValue.Create(""), 2 => null, _ => JsonValue.Create("x") };
            case 4:
                return target switch
                {
                    JsonArray array => new JsonObject { ["0"] = array.Count > 0 ? array[0]?.DeepClone() : null },
                    JsonObject obj => new JsonArray([.. obj.Select(p => p.Value?.DeepClone())]),
                    _ => new JsonArray(target.DeepClone()),
                };
            case 5:
                return random.OneIn(2) ? new JsonArray() : new JsonObject();
            case 6 when target is JsonValue number && number.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(number.ToJsonString());
            case 7 when target is JsonArray { Count: > 0 } many:
                // The same element many times: more gateways, devices or fences than anyone expects.
                var copies = new JsonArray();
                for (var i = 0; i < 40; i++)
                {
                    copies.Add(many[0]?.DeepClone());
                }

                return copies;
            case 8:
                // Escapes the JSON reader accepts but a string read may not: half a surrogate pair, a pair, others.
                string[] escaped = ["\"\\ud800\"", "\"x\\udfea\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\u0000\\n\\\\u\""];
                return Raw(raws, escaped[random.Next(escaped.Length)]);
            default:
                return JsonValue.Create(random.Next(-1000, 100_000));
        }
    }

    private static JsonValue Raw(List<string> raws, string text)
    {
        raws.Add(text);
        return JsonValue.Create(RawMarker + (raws.Count - 1).ToString(CultureInfo.InvariantCulture));
    }

    private static JsonNode Replace(JsonNode root, JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                return root;
            case JsonArray parent:
                parent[target.GetElementIndex()] = replacement;
                return root;
            default:
                return replacement ?? new JsonObject();
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }

    private static string Render(JsonNode root, List<string> raws)
    {
        var text = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        for (var i = raws.Count - 1; i >= 0; i--)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            text = text.Replace("\"" + JsonEncodedText.Encode(RawMarker + index).ToString() + "\"", raws[i], StringComparison.Ordinal)
                .Replace("\"" + JsonEncodedText.Encode(DuplicateMarker + index).ToString() + "\":null", raws[i], StringComparison.Ordinal);
        }

        return text;
    }
}
