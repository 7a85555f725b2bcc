namespace OpenFeatureAppConfig.Fleet;

/// <summary>The Lua scripts in <c>Scripts/</c>, read once from the assembly's resources.</summary>
internal static class LuaScripts
{
    public static readonly string AcquireLease = Load("acquire-lease.lua");
    public static readonly string RenewLease = Load("renew-lease.lua");
    public static readonly string ReleaseLease = Load("release-lease.lua");
    public static readonly string PublishSnapshot = Load("publish-snapshot.lua");

    private static string Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream("OpenFeatureAppConfig.Fleet.Scripts." + name)
            ?? throw new InvalidOperationException($"The script {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
