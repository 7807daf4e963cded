using System.Text.Json;

namespace Conformance.WorkflowRehearsal.Services;

/// <summary>
/// The artifacts of one workflow run, across its attempts (a re-run of a job sees what the first
/// attempt uploaded). Rules from upload-artifact v4.6.2 and download-artifact v4.3.0:
/// <list type="bullet">
/// <item>names are unique per run: uploading a name that exists fails ("(409) Conflict: an artifact with this name
/// already exists on the workflow run") unless <c>overwrite: true</c> deletes it first (upload action.yml 37–42,
/// src/upload/upload-artifact.ts 60–62);</item>
/// <item>files are stored relative to the artifact's root directory (src/shared/search.ts 125–157, see
/// <see cref="Actions.UploadArtifact"/>);</item>
/// <item>a download lists the run's artifacts, latest per name (src/download-artifact.ts 136–141).</item>
/// </list>
/// </summary>
internal sealed class ArtifactStore(string root)
{
    private sealed record Meta(int Id, string Name, int Attempt, string Job, string JobId, DateTimeOffset Created);

    /// <param name="JobId">The workflow job that uploaded it (its id, without the matrix values).</param>
    public sealed record Artifact(int Id, string Name, int Attempt, string Job, string JobId, string Directory);

    /// <summary>
    /// The run's artifacts, latest per name. <paramref name="visibleJobs"/>: only those uploaded by these jobs — a job can
    /// rely only on the artifacts of the jobs it (transitively) needs; another job's may or may not exist yet on GitHub.
    /// </summary>
    public IReadOnlyList<Artifact> List(IReadOnlySet<string>? visibleJobs = null) =>
        !Directory.Exists(root) ? []
        : Directory.EnumerateDirectories(root).Select(d => Path.Combine(d, "artifact.json")).Where(File.Exists)
            .Select(f => (Meta: JsonSerializer.Deserialize<Meta>(File.ReadAllText(f))!, Dir: Path.Combine(Path.GetDirectoryName(f)!, "files")))
            .Where(a => visibleJobs is null || visibleJobs.Contains(a.Meta.JobId))
            .GroupBy(a => a.Meta.Name, StringComparer.Ordinal).Select(g => g.OrderByDescending(a => a.Meta.Id).First())
            .Select(a => new Artifact(a.Meta.Id, a.Meta.Name, a.Meta.Attempt, a.Meta.Job, a.Meta.JobId, a.Dir)).OrderBy(a => a.Id).ToList();

    /// <summary>A new artifact's directory (the caller copies its files in), after the name check.</summary>
    public (int Id, string Directory) Create(string name, bool overwrite, int attempt, string job, string jobId)
    {
        var existing = List().FirstOrDefault(a => a.Name == name);
        if (existing is not null)
        {
            if (!overwrite)
                throw new ArtifactException($"Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run (artifact '{name}', uploaded by job {existing.Job}, attempt {existing.Attempt})");
            Directory.Delete(Path.GetDirectoryName(existing.Directory)!, recursive: true);
        }
        Directory.CreateDirectory(root);
        var id = Directory.EnumerateDirectories(root).Count() + 1;
        while (Directory.Exists(Path.Combine(root, id.ToString("D4")))) id++;
        var dir = Path.Combine(root, id.ToString("D4"));
        Directory.CreateDirectory(Path.Combine(dir, "files"));
        File.WriteAllText(Path.Combine(dir, "artifact.json"), JsonSerializer.Serialize(new Meta(id, name, attempt, job, jobId, DateTimeOffset.UtcNow)));
        return (id, Path.Combine(dir, "files"));
    }
}

internal sealed class ArtifactException(string message) : Exception(message);
