/*
 * hello - the smallest program on our FastCGI machinery (request parsing,
 * routing, response writer; no database).  Benchmarks measure it behind
 * the same nginx as the ceiling any of our programs can reach.
 *
 *   GET /hello   200 text/plain "xin chào\n"
 */
#include "resp.h"
#include "serve.h"

static void hello(struct kd_req *r)
{
	static const char text[] = "xin chào\n";

	kd_reply_bytes(r, 200, "text/plain; charset=utf-8", NULL, text, sizeof(text) - 1);
}

static const struct kd_route routes[] = {
	{ .method = "GET", .path = "/hello", .anon = KD_ANON_ALLOW, .handler = hello },
};

static const struct kd_program program = {
	.name = "hello",
	.routes = routes,
	.nroutes = KD_NFIELDS(routes),
};

int main(int argc, char **argv)
{
	return kd_serve(argc, argv, &program);
}
