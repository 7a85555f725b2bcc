// Placeholder entry point until the SDK lands (issue 2).
Console.WriteLine("OpenFeatureAppConfig console demo");
