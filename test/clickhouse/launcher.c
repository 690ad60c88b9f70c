/*
 * Runs clickhouse-local from chdb's libchdb.so with the given command line (the tests start ClickHouse's
 * own HTTP server with it: `SYSTEM START LISTEN HTTP`, then a long query keeps the process serving).
 * libchdb must be called from a process of its own: from Node its servers cannot start.
 * Usage: launcher LIBCHDB [clickhouse-local arguments...]
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
struct local_result_v2 { char *buf; size_t len; void *vec; double elapsed; uint64_t rows_read, bytes_read; char *error_message; };
typedef struct local_result_v2 *(*query_fn)(int, char **);
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: launcher LIBCHDB [clickhouse-local args]\n"); return 2; }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  query_fn query = (query_fn)dlsym(lib, "query_stable_v2");
  if (!query) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  argv[1] = "clickhouse";
  struct local_result_v2 *r = query(argc - 1, argv + 1);
  if (r && r->error_message) { fprintf(stderr, "%s\n", r->error_message); return 1; }
  if (r && r->buf) fwrite(r->buf, 1, r->len, stdout);
  return 0;
}
