/*
 * commands.h - the subcommands of wathiqa(1), one function each.
 * wathiqa.c holds only the table and the global options; each command
 * parses its own options from argv (argv[0] is the subcommand's name)
 * and returns an exit code from enum wq_exit, after closing stdout with
 * wq_close_stdout() (a failed write must change the exit status).
 */
#ifndef WATHIQA_COMMANDS_H
#define WATHIQA_COMMANDS_H

struct wq_cmd_ctx {
	const char *store; /* --store, else $WATHIQA_STORE, else "./archive" */
};

typedef int wq_cmd_fn(const struct wq_cmd_ctx *ctx, int argc, char **argv);

wq_cmd_fn cmd_init;    /* cmd_store.c    */
wq_cmd_fn cmd_commit;  /* cmd_commit.c   */
wq_cmd_fn cmd_log;     /* cmd_read.c     */
wq_cmd_fn cmd_ls;      /* cmd_read.c     */
wq_cmd_fn cmd_diff;    /* cmd_read.c     */
wq_cmd_fn cmd_restore; /* cmd_restore.c  */
wq_cmd_fn cmd_verify;  /* cmd_verify.c   */
wq_cmd_fn cmd_export;  /* cmd_export.c   */
wq_cmd_fn cmd_bag;     /* cmd_bag.c: "bag verify PATH" */

/*
 * The usage line of a subcommand from the table in wathiqa.c, without
 * "usage: wathiqa " (e.g. "log [ID]"); NULL for an unknown name.
 */
const char *wq_cmd_usage(const char *name);

#endif
