using System.Text.Json;

namespace Conformance.NixDriver.Evaluation;

/// <summary>A successful evaluation: the JSON value, what stderr said, and how long it took.</summary>
public sealed record NixEvalResult(string Json, StderrReport Stderr, TimeSpan Duration, Backends.NixCommand Command)
{
    public JsonElement Value => JsonDocument.Parse(Json).RootElement;

    public T Deserialize<T>() => JsonSerializer.Deserialize<T>(Json)
        ?? throw new InvalidOperationException($"nix returned null for {typeof(T).Name}: {Command}");
}
