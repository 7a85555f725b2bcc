namespace OpenFeatureAppConfig.Guardrails.Tests.Support;

/// <summary>Waits for something another thread or process does (a hosted pass, a scrape): a bound, not a timing assertion.</summary>
internal static class Eventually
{
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string>? diagnostics = null)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No {what} within 30 s.{(diagnostics is null ? string.Empty : " " + diagnostics())}");
    }
}
