namespace OpenFeature.Tests.Support;

internal static class ApiExtensions
{
    /// <summary>
    /// Sets a provider whose initialization is expected to fail. The 2.14 SDK reports the failure through status and
    /// events; an SDK may also rethrow it (spec 1.1.2.4 lets it), so either outcome is accepted here and tests assert
    /// on status and events instead.
    /// </summary>
    public static async Task<Exception?> SetFailingProviderAsync(this Api api, FeatureProvider provider, string? domain = null)
    {
        try
        {
            if (domain is null)
            {
                await api.SetProviderAsync(provider);
            }
            else
            {
                await api.SetProviderAsync(domain, provider);
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
