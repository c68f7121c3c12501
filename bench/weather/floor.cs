#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
// The floor for bench/weather/run.sh: bare Kestrel answering GET /v1/forecast with the bytes of the
// file named on the command line (the cached answer Atrium served). No middleware, no cache lookup, no
// history: what this machine can do at all with that answer, so the weather figures can be read as a
// ratio of it. Usage: dotnet floor.dll BODY_FILE --urls http://127.0.0.1:PORT
var body = File.ReadAllBytes(args[0]);
var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/v1/forecast", () => Results.Bytes(body, "application/json"));
app.Run();
