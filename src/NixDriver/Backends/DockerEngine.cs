using Docker.DotNet;
using Docker.DotNet.Models;

namespace Conformance.NixDriver.Backends;

/// <summary>
/// The few Docker engine queries the harness makes itself (Testcontainers owns the container's
/// lifecycle): is the engine there, is the image there, which containers did an earlier run leave.
/// </summary>
internal static class DockerEngine
{
    /// <summary>
    /// API 1.41 is what Docker 20.10 (Debian's docker.io) speaks; newer engines still accept it.
    /// Testcontainers reads DOCKER_API_VERSION too, so both clients agree.
    /// </summary>
    public const string DefaultApiVersion = "1.41";

    /// <summary>
    /// Sets the environment Testcontainers needs on this kind of machine, without overriding a
    /// user's explicit choice: the API version above, and no Ryuk (its image cannot be pulled
    /// without a registry; the harness removes its own containers instead, see
    /// <see cref="RemoveStaleContainersAsync"/>).
    /// </summary>
    public static void ConfigureTestcontainersEnvironment()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", DefaultApiVersion);
        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null)
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
    }

    public static DockerClient CreateClient()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var uri = new Uri(string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host);
        var version = System.Version.TryParse(Environment.GetEnvironmentVariable("DOCKER_API_VERSION") ?? DefaultApiVersion, out var v)
            ? v : new System.Version(1, 41);
        return new DockerClientBuilder().WithEndpoint(uri).WithApiVersion(version).Build();
    }

    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = CreateClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static async Task<bool> IsRunningAsync(string containerId, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        try
        {
            var inspect = await client.Containers.InspectContainerAsync(containerId, cancellationToken);
            return inspect.State?.Running == true;
        }
        catch (DockerApiException)
        {
            return false;
        }
    }

    public static async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        try
        {
            await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or removal in progress.
        }
    }

    /// <summary>
    /// Removes containers labelled by this harness whose owning process is gone (a run killed with
    /// SIGKILL cannot clean up after itself). Containers of live processes are left alone, so two
    /// campaigns at once do not remove each other's containers.
    /// </summary>
    public static async Task<int> RemoveStaleContainersAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [ContainerLabels.Owner + "=" + ContainerLabels.OwnerValue] = true },
            },
        }, cancellationToken);
        var removed = 0;
        foreach (var container in containers)
        {
            var host = container.Labels.TryGetValue(ContainerLabels.Host, out var h) ? h : "";
            var pidAlive = container.Labels.TryGetValue(ContainerLabels.Pid, out var pidText)
                && int.TryParse(pidText, out var pid) && ProcessIsAlive(pid);
            if (host == Environment.MachineName && pidAlive) continue;
            if (host != Environment.MachineName && container.State == "running") continue;
            try
            {
                await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
                removed++;
            }
            catch (DockerApiException)
            {
                // Another run removed it first.
            }
        }
        return removed;
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>Labels on every container the harness starts, so stale ones can be found.</summary>
internal static class ContainerLabels
{
    public const string Owner = "org.clan-conformance.owner";
    public const string OwnerValue = "clan-conformance";
    public const string Pid = "org.clan-conformance.pid";
    public const string Host = "org.clan-conformance.host";
}
