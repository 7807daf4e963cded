namespace Conformance.Tests.Infrastructure;

/// <summary>
/// A value computed at most once, by the first caller, for every test that needs it (a live
/// campaign shared by several properties: running it per property would multiply minutes).
/// </summary>
internal sealed class Once<T>(Func<Task<T>> create) where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    public async Task<T> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _value ??= await create();
        }
        finally
        {
            _gate.Release();
        }
    }
}
