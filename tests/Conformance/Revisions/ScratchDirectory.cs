namespace Conformance.Tests.Revisions;

/// <summary>An empty temporary directory, deleted on dispose.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("clan-conformance-scratch-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp directory is harmless */ }
    }
}
