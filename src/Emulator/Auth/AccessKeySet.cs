using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// The emulator's credentials: a read-write and a read-only access key, and the key that signs test
/// bearer tokens. With a data folder they are kept in <c>access-keys.json</c> there, so that connection
/// strings survive restarts (owner-only, 0600, since they are secrets); in memory they are new for every emulator.
/// </summary>
internal sealed class AccessKeySet
{
    /// <summary>The file's name inside the data folder.</summary>
    public const string FileName = "access-keys.json";

    private AccessKeySet(AccessKey readWrite, AccessKey readOnly, byte[] tokenSigningKey)
    {
        ReadWrite = readWrite;
        ReadOnly = readOnly;
        TokenSigningKey = tokenSigningKey;
    }

    /// <summary>The key that may read and write.</summary>
    public AccessKey ReadWrite { get; }

    /// <summary>The key that may only read.</summary>
    public AccessKey ReadOnly { get; }

    /// <summary>The HS256 key of test bearer tokens.</summary>
    public byte[] TokenSigningKey { get; }

    /// <summary>The key whose id is <paramref name="id"/>, or null.</summary>
    public AccessKey? Find(string id) =>
        id == ReadWrite.Id ? ReadWrite : id == ReadOnly.Id ? ReadOnly : null;

    /// <summary>New random credentials.</summary>
    public static AccessKeySet CreateRandom() =>
        new(AccessKey.Create(readOnly: false), AccessKey.Create(readOnly: true), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The credentials kept in <paramref name="folder"/>, created there on first use.</summary>
    public static AccessKeySet LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, FileName));
        if (!File.Exists(path))
        {
            var created = CreateRandom();
            var temporary = path + ".tmp";
            using (var stream = OwnerOnlyFile.Create(temporary))
            {
                JsonSerializer.Serialize(stream, new StoredKeys(created.ReadWrite.Id, created.ReadWrite.Secret, created.ReadOnly.Id, created.ReadOnly.Secret, Convert.ToBase64String(created.TokenSigningKey)));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return created;
        }

        OwnerOnlyFile.Restrict(path);

        try
        {
            var stored = JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(path))
                ?? throw new InvalidDataException("the file holds null");
            return new AccessKeySet(
                new AccessKey(stored.ReadWriteId, stored.ReadWriteSecret, false),
                new AccessKey(stored.ReadOnlyId, stored.ReadOnlySecret, true),
                Convert.FromBase64String(stored.TokenSigningKey));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidDataException or ArgumentNullException)
        {
            throw new InvalidDataException($"The emulator's access key file '{path}' cannot be read ({exception.Message}). Delete it to get new keys.", exception);
        }
    }

    private sealed record StoredKeys(string ReadWriteId, string ReadWriteSecret, string ReadOnlyId, string ReadOnlySecret, string TokenSigningKey);
}
