namespace Conformance.NixDriver.Revisions;

/// <summary>
/// A repository or revision problem the user can fix: not a git repository, an unknown or
/// ambiguous revision, good not before bad, git missing. The message is one line that says what
/// happened and what to do; <see cref="Repository"/> and <see cref="Revision"/> carry the input.
/// </summary>
public sealed class RevisionException(string message, string? repository = null, string? revision = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The repository directory as the user gave it, when known.</summary>
    public string? Repository { get; } = repository;

    /// <summary>The revision string as the user gave it, when the problem is about one.</summary>
    public string? Revision { get; } = revision;
}
