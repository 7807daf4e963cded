using Conformance.WorkflowRehearsal.Services;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>
/// actions/cache v4 and its restore/save halves (v4.2.4; rules in <see cref="CacheService"/>).
/// Restore (restoreImpl.ts 32–86): the key and restore-keys are checked, the entry found is
/// extracted where its paths were (tar relative to the workspace, restored relative to it: the same
/// absolute paths), outputs <c>cache-hit</c> (only on an exact match; nothing on a miss, 53–55),
/// <c>cache-primary-key</c>, <c>cache-matched-key</c> (restore/action.yml 27–31). Save (saveImpl.ts
/// 35–78): skipped after an exact hit of the same key (50–55, the combined action's post step);
/// a missing path or an existing key is a warning, never a failure.
/// </summary>
internal abstract class CacheAction : IActionEmulation
{
    public abstract string Action { get; }
    public IReadOnlyList<string> Versions => ["v4"];
    public abstract IReadOnlyDictionary<string, string?> Inputs { get; }
    public abstract IReadOnlyList<string> Outputs { get; }
    public abstract Task RunAsync(ActionContext context, CancellationToken cancellationToken);

    /// <returns>The matched key, or null on a miss.</returns>
    protected static async Task<string?> RestoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var primary = Required(context, "key");
        var restoreKeys = context.Lines("restore-keys");
        var paths = Paths(context);
        CacheService.CheckKeys([primary, .. restoreKeys]);
        context.Outputs["cache-primary-key"] = primary;
        var found = context.Caches.Find(primary, restoreKeys, CacheService.Version(paths), new CacheService.Visibility(context.RunId, context.VisibleJobs));
        if (found is not { } entry)
        {
            if (context.BoolInput("fail-on-cache-miss"))
                throw ActionContext.Fail($"Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: {primary}");
            context.Log($"Cache not found for input keys: {string.Join(", ", new[] { primary }.Concat(restoreKeys))}");
            return null;
        }
        if (!context.BoolInput("lookup-only"))
            for (var i = 0; i < entry.Paths.Count; i++)
            {
                var source = Path.Combine(entry.Directory, "files", i.ToString());
                await FileCopy.CopyAsync(source, context.Machine.HostPath(entry.Paths[i]), cancellationToken);
                await context.Machine.OwnAsync(entry.Paths[i], cancellationToken);
            }
        var exact = string.Equals(entry.Key, primary, StringComparison.OrdinalIgnoreCase);
        context.Outputs["cache-hit"] = exact ? "true" : "false";
        context.Outputs["cache-matched-key"] = entry.Key;
        context.Log($"Cache restored from key: {entry.Key}");
        return entry.Key;
    }

    protected static async Task SaveAsync(ActionContext context, string key, CancellationToken cancellationToken)
    {
        try
        {
            CacheService.CheckKeys([key]);
            var lines = Paths(context);
            var glob = context.Glob(string.Join('\n', lines));
            var matched = glob.Match(implicitDescendants: false, excludeHidden: false);
            if (matched.Count == 0)
                throw new CacheException("Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.");
            var version = CacheService.Version(lines);
            var directory = context.Caches.Reserve(key, version);
            var machinePaths = new List<string>();
            foreach (var host in matched)
            {
                await FileCopy.CopyAsync(host, Path.Combine(directory, "files", machinePaths.Count.ToString()), cancellationToken);
                machinePaths.Add(context.Machine.MachinePath(host));
            }
            context.Caches.Commit(directory, key, version, machinePaths, context.RunId, context.JobId);
            context.Log($"Cache saved with key: {key}");
        }
        catch (CacheException e)
        {
            // saveImpl.ts 75–77 logs it as a warning; saveOnlyRun 84–88 adds "Cache save failed." and succeeds.
            context.Warn(e.Message);
            context.Warn("Cache save failed.");
        }
    }

    private static IReadOnlyList<string> Paths(ActionContext context)
    {
        var paths = context.Lines("path");
        if (paths.Count == 0) throw ActionContext.Fail("Input required and not supplied: path");
        return paths;
    }

    protected static string Required(ActionContext context, string name) =>
        context.Input(name) is { Length: > 0 } value ? value : throw ActionContext.Fail($"Input required and not supplied: {name}");
}

/// <summary>actions/cache: restore now, save in a post step (action.yml 41–44: <c>post-if: success()</c>) unless the key was hit exactly.</summary>
internal sealed class Cache : CacheAction
{
    public override string Action => "actions/cache";
    public override IReadOnlyList<string> Outputs => ["cache-hit"];
    public override IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["path"] = null, ["key"] = null, ["restore-keys"] = null, ["upload-chunk-size"] = null, ["enableCrossOsArchive"] = "false",
        ["fail-on-cache-miss"] = "false", ["lookup-only"] = "false", ["save-always"] = "false",
    };

    public override async Task RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var matched = await RestoreAsync(context, cancellationToken);
        var key = Required(context, "key");
        context.Post(context.BoolInput("save-always") ? "always()" : "success()", async (c, ct) =>
        {
            if (matched is not null && string.Equals(matched, key, StringComparison.OrdinalIgnoreCase))
            {
                c.Log($"Cache hit occurred on the primary key {key}, not saving cache.");
                return;
            }
            await SaveAsync(c, key, ct);
        });
    }
}

internal sealed class CacheRestore : CacheAction
{
    public override string Action => "actions/cache/restore";
    public override IReadOnlyList<string> Outputs => ["cache-hit", "cache-primary-key", "cache-matched-key"];
    public override IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["path"] = null, ["key"] = null, ["restore-keys"] = null, ["enableCrossOsArchive"] = "false", ["fail-on-cache-miss"] = "false", ["lookup-only"] = "false",
    };

    public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => RestoreAsync(context, cancellationToken);
}

internal sealed class CacheSave : CacheAction
{
    public override string Action => "actions/cache/save";
    public override IReadOnlyList<string> Outputs => [];
    public override IReadOnlyDictionary<string, string?> Inputs { get; } = new Dictionary<string, string?>
    {
        ["path"] = null, ["key"] = null, ["upload-chunk-size"] = null, ["enableCrossOsArchive"] = "false",
    };

    public override Task RunAsync(ActionContext context, CancellationToken cancellationToken) => SaveAsync(context, Required(context, "key"), cancellationToken);
}
