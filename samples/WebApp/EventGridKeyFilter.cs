using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.Samples.WebApp;

/// <summary>
/// Lets a request through only with the webhook key given to Event Grid in the subscription's URL
/// (<c>https://app.example/appconfig/events?key=...</c>); anyone else gets a 401.
/// </summary>
internal sealed class EventGridKeyFilter(string key) : IEndpointFilter
{
    // Hashing first makes the comparison fixed-time in the key's length as well as its content.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var given = context.HttpContext.Request.Query["key"];
        var matches = given.Count == 1 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given[0] ?? string.Empty)), _expected);
        return matches
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem("The webhook key is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized));
    }
}
