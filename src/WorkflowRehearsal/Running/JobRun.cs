using System.Text;
using Conformance.WorkflowRehearsal.Actions;
using Conformance.WorkflowRehearsal.Expressions;
using Conformance.WorkflowRehearsal.Services;
using Conformance.WorkflowRehearsal.Workflow;

namespace Conformance.WorkflowRehearsal.Running;

/// <summary>
/// One job instance, as GitHub's runner runs it: a fresh machine, the workspace, then each step in
/// order — <c>if:</c> (an implicit <c>success() &amp;&amp;</c> unless it names a status function),
/// <c>${{ }}</c> evaluated in <c>env</c>, <c>with</c> and <c>run</c>, a <c>run:</c> script written to
/// runner.temp and run by bash (<c>--noprofile --norc -eo pipefail</c>, GitHub's bash), an action by its
/// emulation — the file commands read after each step, <c>continue-on-error</c>, the job's timeout
/// (the running step is killed and the rest run as after a cancellation: only <c>always()</c> and
/// <c>cancelled()</c> steps), post steps in reverse order, then the job's outputs.
/// </summary>
internal sealed class JobRun
{
    private readonly WorkflowDefinition _workflow;
    private readonly JobDefinition _job;
    private readonly IReadOnlyDictionary<string, string> _matrix;
    private readonly IReadOnlyDictionary<string, object?> _needs;
    private readonly WorkflowEvent _event;
    private readonly int _runId, _runNumber;
    private readonly string _hostRoot;
    private readonly StreamWriter _logFile;
    private readonly List<KeyValuePair<string, string>> _githubEnv = [];
    private readonly List<string> _paths = [];
    private readonly List<(StepDefinition Step, string Condition, Func<CancellationToken, Task> Run)> _posts = [];
    private readonly Dictionary<string, object?> _steps = new(StringComparer.OrdinalIgnoreCase);
    private readonly StringBuilder _summary = new();
    private bool _failed, _cancelled;
    private DateTimeOffset _deadline;

    public JobRun(WorkflowDefinition workflow, JobDefinition job, string name, IReadOnlyDictionary<string, string> matrix,
        IReadOnlyDictionary<string, object?> needs, WorkflowEvent @event, int runId, int runNumber, int attempt,
        RehearsalWorld world, RehearsalOptions options, ArtifactStore artifacts, string hostRoot)
    {
        _workflow = workflow;
        _job = job;
        Name = name;
        _matrix = matrix;
        _needs = needs;
        _event = @event;
        _runId = runId;
        _runNumber = runNumber;
        Attempt = attempt;
        World = world;
        Options = options;
        Artifacts = artifacts;
        _hostRoot = hostRoot;
        Directory.CreateDirectory(hostRoot);
        _logFile = new StreamWriter(Path.Combine(hostRoot, "job.log"), append: false) { AutoFlush = true };
        Token = TokenFor(job.Permissions ?? workflow.Permissions);
    }

    public string Name { get; }
    public string JobId => _job.Id;
    public int RunId => _runId;

    /// <summary>This job and the jobs it needs, transitively (set by the run).</summary>
    public IReadOnlySet<string> VisibleJobs { get; init; } = new HashSet<string>();
    public int Attempt { get; }
    public RehearsalWorld World { get; }
    public RehearsalOptions Options { get; }
    public ArtifactStore Artifacts { get; }
    public IRunnerMachine Machine { get; private set; } = null!;
    public string Workspace { get; private set; } = "";
    public string RunnerTemp { get; private set; } = "";

    /// <summary>github.token: the job's permissions spelt out, which the stand-in gh checks as GitHub checks GITHUB_TOKEN's.</summary>
    public string Token { get; }

    private string RepoName => Options.RepositoryName.Split('/')[1];

    public void Log(string line)
    {
        _logFile.WriteLine(line);
        Options.Log?.Invoke($"[{Name}] {line}");
    }

    public void SetEnv(string name, string value) => _githubEnv.Add(new(name, value));

    public void AddPath(string directory) => _paths.Insert(0, directory);

    public void AddPost(StepDefinition step, string condition, Func<CancellationToken, Task> run) => _posts.Add((step, condition, run));

    public Task RunHelperAsync(string script, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async Task<JobResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        _deadline = started + TimeSpan.FromMinutes(_job.TimeoutMinutes * Options.TimeScale);
        var results = new List<StepResult>();
        Machine = await StartMachineAsync(cancellationToken);
        try
        {
            Workspace = $"{Machine.Home}/work/{RepoName}/{RepoName}";
            RunnerTemp = $"{Machine.Home}/work/_temp";
            Directory.CreateDirectory(Machine.HostPath(Workspace));
            Directory.CreateDirectory(Machine.HostPath(RunnerTemp));
            Directory.CreateDirectory(Machine.HostPath($"{RunnerTemp}/_runner_file_commands"));
            Directory.CreateDirectory(Machine.HostPath($"{RunnerTemp}/_github_workflow"));
            File.WriteAllText(Machine.HostPath($"{RunnerTemp}/_github_workflow/event.json"),
                Expression.ToJson(ExpressionContext.Map([new("inputs", Inputs())])));
            await Machine.OwnAsync(Machine.Home, cancellationToken);
            Log($"job {Name} (attempt {Attempt}), {Machine.GetType().Name}, timeout {_job.TimeoutMinutes} min");

            foreach (var step in _job.Steps)
                results.Add(await StepAsync(step, cancellationToken));
            foreach (var (step, condition, run) in Enumerable.Reverse(_posts))
                results.Add(await PostAsync(step, condition, run, cancellationToken));

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            var context = Context(includeSteps: true);
            foreach (var (key, value) in _job.Outputs) outputs[key] = Expression.InterpolateText(value, context);
            var conclusion = _cancelled ? "cancelled" : _failed ? "failure" : "success";
            var cpu = await Machine.CpuTimeAsync(cancellationToken);
            var duration = DateTimeOffset.UtcNow - started;
            Log($"job {Name}: {conclusion} in {duration.TotalSeconds:0} s{(cpu is { } c ? $" (cpu {c.TotalSeconds:0} s)" : "")}");
            return new JobResult(Name, _job.Id, _matrix, conclusion, results, outputs, _summary.ToString(), Path.Combine(_hostRoot, "job.log"))
                { Attempt = Attempt, Duration = duration, CpuTime = cpu };
        }
        finally
        {
            await Machine.DisposeAsync();
            await _logFile.DisposeAsync();
        }
    }

    private async Task<IRunnerMachine> StartMachineAsync(CancellationToken cancellationToken)
    {
        string WriteTools(string dir, string ghState)
        {
            var container = Options.Machine == MachineKind.Container;
            MachineTools.Write(dir, ContainerMachine.DotnetHost(), container ? ContainerMachine.App : Path.Combine(AppContext.BaseDirectory, "workflow-rehearsal.dll"),
                container ? ghState : World.GhState, container ? ContainerMachine.Jq : null, Options.GitUrls);
            return container ? "/opt/rehearsal/tools/gitconfig" : Path.Combine(dir, "gitconfig");
        }
        if (Options.Machine == MachineKind.Local)
        {
            if (Directory.Exists(_hostRoot + "/machine")) Directory.Delete(_hostRoot + "/machine", recursive: true);
            return new LocalMachine(Path.Combine(_hostRoot, "machine"), Options.StandIns, Options.Nix, WriteTools);
        }
        // The image is the Nix the job installs (the installer's version, resolved before the machine starts).
        var version = _job.Steps.Where(s => s.Uses?.StartsWith(InstallNix.Name + "@", StringComparison.OrdinalIgnoreCase) == true)
            .Select(s => InstallNix.Resolve(s.Uses!, s.Input("install_url") is { } url ? Expression.InterpolateText(url, Context(includeSteps: false)) : null).Version)
            .FirstOrDefault();
        var name = $"rehearsal-{_runId}-{Attempt}-{new string(Name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray())}-{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 60)].TrimEnd('-');
        return await ContainerMachine.StartAsync(Path.Combine(_hostRoot, "machine"), name, Options.Nix, version,
            Options.Mounts.Select(m => (m.Key, m.Value)).ToList(), WriteTools, World.GhState, Options.NuGetFeed, cancellationToken);
    }

    private async Task<StepResult> StepAsync(StepDefinition step, CancellationToken cancellationToken)
    {
        var context = Context(includeSteps: true);
        var name = Expression.InterpolateText(step.DisplayName, context);
        var condition = step.If ?? "success()";
        bool run;
        try { run = Condition(condition, context); }
        catch (ExpressionException e) { return Record(step, name, "failure", "failure", $"if: {e.Message}", []); }
        if (!run)
        {
            Log($"skipped: {name} (if: {condition})");
            return Record(step, name, "skipped", "skipped", null, []);
        }
        Log($"step: {name}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? error = null;
        IReadOnlyList<string> warnings = [];
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = StepFiles(step);
        try
        {
            var env = StepEnvironment(step, context);
            if (step.Run is not null)
            {
                var code = await RunScriptAsync(step, Expression.InterpolateText(step.Run, context), env, files, cancellationToken);
                if (code != 0) error = $"Process completed with exit code {code}.";
            }
            else
            {
                var action = ActionFor(step.Uses!);
                var inputs = ActionInputs(step, action, context);
                var actionContext = new ActionContext(this, step, inputs);
                try { await action.RunAsync(actionContext, cancellationToken); }
                catch (Exception e) when (e is ActionFailedException or CacheException or ArtifactException) { error = e.Message; }
                foreach (var (k, v) in actionContext.Outputs) outputs[k] = v;
                warnings = actionContext.Warnings;
            }
            foreach (var (k, v) in FileCommands.ReadPairs(Machine.HostPath(files.Output), "output")) outputs[k] = v;
            foreach (var (k, v) in FileCommands.ReadPairs(Machine.HostPath(files.Env), "env")) SetEnv(k, v);
            foreach (var p in FileCommands.ReadLines(Machine.HostPath(files.Path))) AddPath(p);
            if (File.Exists(Machine.HostPath(files.Summary))) _summary.Append(File.ReadAllText(Machine.HostPath(files.Summary)));
        }
        catch (StepTimeoutException e)
        {
            error = $"The job running on runner rehearsal has exceeded the maximum execution time of {_job.TimeoutMinutes} minutes ({e.Message}).";
            _cancelled = true;
        }
        catch (Exception e) when (e is ExpressionException or FileCommandException or WorkflowException)
        {
            error = e.Message;
        }
        var outcome = error is null ? "success" : "failure";
        var continueOnError = step.ContinueOnError is { } c && Expression.IsTruthy(Expression.Interpolate(c, context));
        var conclusion = outcome == "failure" && continueOnError && !_cancelled ? "success" : outcome;
        if (conclusion == "failure") _failed = true;
        if (error is not null) Log($"error: {name}: {error}{(continueOnError ? " (continue-on-error)" : "")}");
        foreach (var w in warnings) Log($"warning: {name}: {w}");
        if (step.Id is not null)
            _steps[step.Id] = ExpressionContext.Map([
                new("outputs", ExpressionContext.Map(outputs.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)))),
                new("outcome", outcome), new("conclusion", conclusion)]);
        Log($"step done: {name}: {conclusion} in {clock.Elapsed.TotalSeconds:0.0} s");
        return Record(step, name, outcome, conclusion, error, warnings) with { Duration = clock.Elapsed };
    }

    private async Task<StepResult> PostAsync(StepDefinition step, string condition, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        var name = $"Post {Expression.InterpolateText(step.DisplayName, Context(includeSteps: true))}";
        if (!Condition(condition, Context(includeSteps: true)))
        {
            Log($"skipped: {name} (post-if: {condition})");
            return Record(step, name, "skipped", "skipped", null, []);
        }
        Log($"step: {name}");
        try
        {
            await run(cancellationToken);
            return Record(step, name, "success", "success", null, []);
        }
        catch (Exception e) when (e is ActionFailedException or CacheException or ArtifactException)
        {
            _failed = true;
            Log($"error: {name}: {e.Message}");
            return Record(step, name, "failure", "failure", e.Message, []);
        }
    }

    private static StepResult Record(StepDefinition step, string name, string outcome, string conclusion, string? error, IReadOnlyList<string> warnings) =>
        new(step.Index, name, outcome, conclusion, error) { Warnings = warnings };

    private bool Condition(string condition, ExpressionContext context)
    {
        var expression = condition.Trim();
        if (expression.StartsWith("${{", StringComparison.Ordinal) && expression.EndsWith("}}", StringComparison.Ordinal)) expression = expression[3..^2];
        if (!Expression.UsesStatusFunction(expression)) expression = $"success() && ({expression})";
        return Expression.IsTruthy(Expression.Evaluate(expression, context));
    }

    private sealed record Files(string Output, string Env, string Path, string Summary);

    private Files StepFiles(StepDefinition step)
    {
        var dir = $"{RunnerTemp}/_runner_file_commands";
        var id = Guid.NewGuid().ToString("N");
        var files = new Files($"{dir}/set_output_{id}", $"{dir}/set_env_{id}", $"{dir}/add_path_{id}", $"{dir}/step_summary_{id}");
        // Written by this host, appended to by the runner user: world-writable instead of a chown per file.
        foreach (var f in new[] { files.Output, files.Env, files.Path, files.Summary })
        {
            var host = Machine.HostPath(f);
            File.WriteAllText(host, "");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(host, (UnixFileMode)Convert.ToInt32("666", 8));
        }
        return files;
    }

    private async Task<int> RunScriptAsync(StepDefinition step, string script, IReadOnlyDictionary<string, string> env, Files files, CancellationToken cancellationToken)
    {
        var shell = step.Shell ?? _workflow.DefaultShell ?? "bash";
        if (shell != "bash") throw new WorkflowException($"shell '{shell}' is not supported by the rehearsal (bash only)");
        var path = $"{RunnerTemp}/{Guid.NewGuid()}.sh";
        File.WriteAllText(Machine.HostPath(path), script);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Machine.HostPath(path), (UnixFileMode)Convert.ToInt32("644", 8));
        var all = new Dictionary<string, string>(env)
        {
            ["GITHUB_OUTPUT"] = files.Output, ["GITHUB_ENV"] = files.Env, ["GITHUB_PATH"] = files.Path, ["GITHUB_STEP_SUMMARY"] = files.Summary,
        };
        var workingDirectory = step.WorkingDirectory is { } wd ? (wd.StartsWith('/') ? wd : $"{Workspace}/{wd}") : Workspace;
        var remaining = _deadline - DateTimeOffset.UtcNow;
        if (step.TimeoutMinutes is { } m && TimeSpan.FromMinutes(m * Options.TimeScale) < remaining) remaining = TimeSpan.FromMinutes(m * Options.TimeScale);
        if (remaining <= TimeSpan.Zero) throw new StepTimeoutException(TimeSpan.FromMinutes(_job.TimeoutMinutes * Options.TimeScale));
        return await Machine.RunAsync(path, all, workingDirectory, remaining, Log, cancellationToken);
    }

    /// <summary>The process environment of a step: the machine's, the runner's GITHUB_*/RUNNER_* variables, the rehearsal's, then env (workflow, job, GITHUB_ENV, step).</summary>
    private Dictionary<string, string> StepEnvironment(StepDefinition step, ExpressionContext context)
    {
        var env = new Dictionary<string, string>(Machine.BaseEnvironment, StringComparer.Ordinal)
        {
            ["CI"] = "true", ["GITHUB_ACTIONS"] = "true", ["GITHUB_WORKSPACE"] = Workspace,
            ["GITHUB_RUN_ID"] = _runId.ToString(), ["GITHUB_RUN_NUMBER"] = _runNumber.ToString(), ["GITHUB_RUN_ATTEMPT"] = Attempt.ToString(),
            ["GITHUB_REPOSITORY"] = Options.RepositoryName, ["GITHUB_REPOSITORY_OWNER"] = Options.RepositoryName.Split('/')[0],
            ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_API_URL"] = "https://api.github.com",
            ["GITHUB_SHA"] = Sha, ["GITHUB_REF"] = "refs/heads/main", ["GITHUB_REF_NAME"] = "main", ["GITHUB_EVENT_NAME"] = _event.Name,
            ["GITHUB_EVENT_PATH"] = $"{RunnerTemp}/_github_workflow/event.json", ["GITHUB_JOB"] = _job.Id, ["GITHUB_ACTOR"] = "rehearsal",
            ["GITHUB_WORKFLOW"] = _workflow.Name, ["RUNNER_OS"] = "Linux", ["RUNNER_ARCH"] = "X64", ["RUNNER_TEMP"] = RunnerTemp,
            ["RUNNER_TOOL_CACHE"] = $"{Machine.Home}/work/_tool", ["RUNNER_NAME"] = "rehearsal",
        };
        foreach (var (k, v) in Options.Environment) env[k] = v;
        foreach (var (k, v) in EnvContext(context, step)) env[k] = Expression.ToText(v);
        if (_paths.Count > 0) env["PATH"] = string.Join(':', _paths) + ":" + env["PATH"];
        return env;
    }

    private Dictionary<string, object?> EnvContext(ExpressionContext context, StepDefinition? step)
    {
        var env = new Dictionary<string, object?>((IDictionary<string, object?>)context.Contexts["env"]!, StringComparer.OrdinalIgnoreCase);
        if (step is not null)
            foreach (var (k, v) in step.Env) env[k] = Expression.InterpolateText(v, context with { Contexts = With(context.Contexts, "env", env) });
        return env;
    }

    private static Dictionary<string, object?> With(IReadOnlyDictionary<string, object?> contexts, string key, object? value)
    {
        var copy = ExpressionContext.Map(contexts);
        copy[key] = value;
        return copy;
    }

    private Dictionary<string, string> ActionInputs(StepDefinition step, IActionEmulation action, ExpressionContext context)
    {
        var unknown = step.With.Select(kv => kv.Key).Where(k => !action.Inputs.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
            throw new WorkflowException($"{step.Uses} has no input {string.Join(", ", unknown.Select(u => $"'{u}'"))} (its inputs: {string.Join(", ", action.Inputs.Keys)})");
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, fallback) in action.Inputs)
        {
            var given = step.With.FirstOrDefault(kv => kv.Key == key);
            var text = given.Key is not null ? given.Value : fallback;
            if (text is not null) inputs[key] = Expression.InterpolateText(text, context);
        }
        return inputs;
    }

    private static IActionEmulation ActionFor(string uses)
    {
        var at = uses.LastIndexOf('@');
        if (at < 0) throw new WorkflowException($"uses: {uses} names no version (owner/repo@ref)");
        var (name, version) = (uses[..at], uses[(at + 1)..]);
        var action = ActionCatalog.All.FirstOrDefault(a => string.Equals(a.Action, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new WorkflowException($"uses: {uses}: the rehearsal emulates no action {name} (it emulates {string.Join(", ", ActionCatalog.All.Select(a => a.Action))})");
        var major = version.Split('.')[0];
        if (!action.Versions.Contains(major))
            throw new WorkflowException($"uses: {uses}: the rehearsal emulates {name} at {string.Join(", ", action.Versions)}, not {version} (its behaviour was read from that version's source)");
        return action;
    }

    /// <summary>github.sha: the commit actions/checkout checks out.</summary>
    public string Sha { get; init; } = "";

    private IReadOnlyDictionary<string, object?> Inputs()
    {
        var inputs = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (_event.Name != "workflow_dispatch") return inputs;
        foreach (var (name, input) in _workflow.DispatchInputs)
        {
            var value = _event.Inputs.TryGetValue(name, out var v) ? v : input.Default ?? "";
            inputs[name] = input.Type switch
            {
                "boolean" => value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
                "number" => Expression.ToNumber(value),
                _ => value,
            };
        }
        foreach (var name in _event.Inputs.Keys.Where(k => !_workflow.DispatchInputs.ContainsKey(k)))
            throw new WorkflowException($"workflow_dispatch has no input '{name}' (inputs: {string.Join(", ", _workflow.DispatchInputs.Keys)})");
        return inputs;
    }

    /// <summary>The expression contexts a step sees (without <c>steps</c>: what the machine's image choice and job-level keys see).</summary>
    private ExpressionContext Context(bool includeSteps)
    {
        var github = ExpressionContext.Map([
            new("event_name", _event.Name), new("event", ExpressionContext.Map([new("inputs", Inputs())])),
            new("run_id", _runId.ToString()), new("run_number", _runNumber.ToString()), new("run_attempt", Attempt.ToString()),
            new("workspace", Workspace), new("repository", Options.RepositoryName), new("repository_owner", Options.RepositoryName.Split('/')[0]),
            new("server_url", "https://github.com"), new("api_url", "https://api.github.com"), new("token", Token), new("sha", Sha),
            new("ref", "refs/heads/main"), new("ref_name", "main"), new("job", _job.Id), new("actor", "rehearsal"), new("workflow", _workflow.Name),
        ]);
        var baseContexts = ExpressionContext.Map([
            new("github", github), new("inputs", Inputs()), new("secrets", ExpressionContext.Map([new("GITHUB_TOKEN", Token)])),
            new("vars", ExpressionContext.Map([])),
        ]);
        var env = ExpressionContext.Map([]);
        foreach (var (k, v) in _workflow.Env) env[k] = Expression.InterpolateText(v, new ExpressionContext(baseContexts));
        var runner = ExpressionContext.Map([
            new("os", "Linux"), new("arch", "X64"), new("name", "rehearsal"), new("temp", RunnerTemp),
            new("tool_cache", Machine is null ? "" : $"{Machine.Home}/work/_tool"), new("environment", "github-hosted"), new("debug", ""),
        ]);
        var jobLevel = With(baseContexts, "env", env);
        jobLevel["needs"] = _needs;
        jobLevel["matrix"] = ExpressionContext.Map(_matrix.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
        jobLevel["strategy"] = ExpressionContext.Map([new("fail-fast", _job.FailFast), new("job-total", (double)Math.Max(1, _job.Instances().Count))]);
        jobLevel["runner"] = runner;
        foreach (var (k, v) in _job.Env) env[k] = Expression.InterpolateText(v, new ExpressionContext(jobLevel));
        foreach (var (k, v) in _githubEnv) env[k] = v;
        jobLevel["job"] = ExpressionContext.Map([new("status", _cancelled ? "cancelled" : _failed ? "failure" : "success")]);
        if (includeSteps) jobLevel["steps"] = _steps;
        return new ExpressionContext(jobLevel) { Failed = _failed, Cancelled = _cancelled, HashFiles = HashFiles };
    }

    /// <summary>
    /// hashFiles: the workspace's files matching the patterns, each hashed (SHA-256) and the hashes
    /// hashed in path order; '' when nothing matches (runner's hashFiles, docs "hashFiles").
    /// </summary>
    private string HashFiles(IReadOnlyList<string> patterns)
    {
        var glob = new Glob(string.Join('\n', patterns), Machine.Home, Workspace, Machine.HostPath);
        var root = Machine.HostPath(Workspace);
        var files = glob.Match(implicitDescendants: false, excludeHidden: false).Where(f => File.Exists(f) && f.StartsWith(root + "/", StringComparison.Ordinal)).ToList();
        if (files.Count == 0) return "";
        using var all = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var f in files) all.AppendData(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    /// <summary>GITHUB_TOKEN as the rehearsal hands it out: its permissions in the text, read by the stand-in gh.</summary>
    private static string TokenFor(IReadOnlyList<KeyValuePair<string, string>>? permissions)
    {
        // Without `permissions`, the repository's default applies; the restricted default (contents and metadata read) is assumed.
        var granted = permissions ?? [new("contents", "read")];
        if (granted.Any(p => p.Key == "*")) granted = [new("*", granted.First(p => p.Key == "*").Value == "write-all" ? "write" : "read")];
        return "rehearsal-token:" + string.Join(',', granted.Select(p => $"{p.Key}={p.Value}"));
    }
}
