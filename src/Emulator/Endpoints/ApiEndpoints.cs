namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>Maps the App Configuration REST API's resources; every GET has a HEAD twin.</summary>
internal static class ApiEndpoints
{
    private static readonly string[] Read = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Adds the API routes.</summary>
    public static IEndpointRouteBuilder MapAppConfigurationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/kv", Read, new RequestDelegate(KeyValueListEndpoint.HandleAsync));
        endpoints.MapMethods("/kv/{**key}", Read, new RequestDelegate(KeyValueEndpoint.GetAsync));
        endpoints.MapPut("/kv/{**key}", new RequestDelegate(KeyValueEndpoint.PutAsync));
        endpoints.MapDelete("/kv/{**key}", new RequestDelegate(KeyValueEndpoint.DeleteAsync));
        endpoints.MapMethods("/keys", Read, new RequestDelegate(KeysEndpoint.HandleAsync));
        endpoints.MapMethods("/labels", Read, new RequestDelegate(LabelsEndpoint.HandleAsync));
        endpoints.MapPut("/locks/{**key}", new RequestDelegate(LockEndpoint.LockAsync));
        endpoints.MapDelete("/locks/{**key}", new RequestDelegate(LockEndpoint.UnlockAsync));
        endpoints.MapMethods("/revisions", Read, new RequestDelegate(RevisionsEndpoint.HandleAsync));
        return endpoints;
    }
}
