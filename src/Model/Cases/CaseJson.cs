using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// The canonical JSON form of a case: saved with failures, replayed by <c>replay</c>, promoted
/// to regressions. Pure (string in, string out); reading files is the runner's job.
/// </summary>
public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize(ClanCase clanCase) => JsonSerializer.Serialize(clanCase, Options);

    /// <summary>Parses a case; a malformed or truncated document is a <see cref="CaseFormatException"/> naming what is wrong.</summary>
    public static ClanCase Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ClanCase>(json, Options)
                ?? throw new CaseFormatException("the document is null, not a case");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // NotSupportedException: an object of a polymorphic type without its "kind" first.
            throw new CaseFormatException($"not a valid case: {e.Message}");
        }
    }

    /// <summary>Structural equality (records with lists compare by reference otherwise); the choices that made a case are not part of it.</summary>
    public static bool Same(ClanCase a, ClanCase b) => Structure(a) == Structure(b);

    /// <summary>The case without its id and its choices: what it is, whatever drew it.</summary>
    public static string Structure(ClanCase c) => Serialize(c with { Id = "", Choices = null });
}

public sealed class CaseFormatException(string message) : Exception(message);
