namespace Conformance.NixDriver.Backends;

/// <summary>Where <c>nix</c> runs.</summary>
public enum BackendKind
{
    /// <summary>Container when the Docker engine answers, else host <c>nix</c>, else an error naming both fixes.</summary>
    Auto,

    /// <summary>One long-lived container from the image built by <c>docker/build-image.sh</c>.</summary>
    Container,

    /// <summary><c>nix</c> on PATH (version 2.18 or newer).</summary>
    Host,
}
