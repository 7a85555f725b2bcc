// Placeholder entry point until the sample lands (issue 6).
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
