/* Reading a release on several threads.
 *
 * The walk is a list of tasks, one per top-level package, in a fixed order
 * (walk.c). Worker threads take the tasks in that order and read each into a
 * sub-walk of its own: its own arena, packages, artifacts, images and
 * findings, so a worker writes nothing shared but the progress counters and
 * the bytes-in-flight count (both under the pool's lock). The calling thread
 * merges the sub-walks into the dist in task order.
 *
 * What a package reads can depend on what came before it: the release-wide
 * limits (total bytes, entries), the caps on findings, packages, artifacts
 * and checksum lists, and whether a checksum list asked for SHA-512. A
 * sub-walk starts from none of that. At merge time the calling thread checks
 * that the sub-walk stayed clear of every such limit with the counts before
 * it added in; when it did, its result is the one a walk in order would have
 * given, and it is merged. When it did not (a rare case: a limit is reached,
 * or a checksum list inside a folder package changed the digests), the
 * sub-walk is thrown away and the task is run again on the dist itself, in
 * order. So the dist is the same for any number of threads.
 *
 * Memory: a worker holds one top-level package's member buffers at a time;
 * the bytes held by all workers are capped (opts.max_inflight). A worker that
 * would go over waits until others release; a member larger than the cap is
 * read while no other is held. A worker already holding a member (an archive
 * whose nested members it is reading) never waits, so workers cannot wait on
 * each other in a circle. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_internal.h"
#include "dist/meta.h"

typedef struct xv_dist_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv_done;   /* a task finished (the merger waits) */
    pthread_cond_t cv_go;     /* a task was merged or room was freed (workers wait) */
    const xv_walk_task *tasks;
    size_t ntasks;
    size_t next;              /* the next task to hand out */
    size_t merged;            /* tasks merged so far */
    size_t *barrier_need;     /* per task: tasks that must be merged before it starts */
    xv_dist **subs;           /* per task: its sub-walk once done, else NULL */
    unsigned char *done;
    int want_sha512;          /* the dist's, as of the last merge */
    int halted;               /* the dist hit a release-wide limit: later
                                 tasks are run again on it anyway */
    size_t window;            /* at most this many tasks ahead of the merge */
    xv_dist_opts opts;        /* the dist's, without its progress callback */
    /* progress */
    void (*progress)(void *ud, const xv_dist_progress *p);
    void *progress_ud;
    xv_dist_progress prog;
    /* bytes in flight */
    uint64_t inflight, max_inflight;
    uint64_t peak, biggest;   /* most in flight at once; most held by one thread */
} xv_dist_pool;

/* Bytes this thread holds, to tell a nested hold from a first one. */
static _Thread_local uint64_t held_here;

static void note_peak(xv_dist_pool *p)
{
    if (p->inflight > p->peak)
        p->peak = p->inflight;
    if (held_here > p->biggest)
        p->biggest = held_here;
}

void xv_dist_hold(xv_dist *d, uint64_t n)
{
    xv_dist_pool *p = d->pool;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    if (held_here == 0)
        while (p->inflight > 0 && p->inflight + n > p->max_inflight)
            pthread_cond_wait(&p->cv_go, &p->mu);
    p->inflight += n;
    held_here += n;
    note_peak(p);
    pthread_mutex_unlock(&p->mu);
}

void xv_dist_hold_more(xv_dist *d, uint64_t n)
{
    xv_dist_pool *p = d->pool;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->inflight += n;
    held_here += n;
    note_peak(p);
    pthread_mutex_unlock(&p->mu);
}

void xv_dist_unhold(xv_dist *d, uint64_t n)
{
    xv_dist_pool *p = d->pool;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->inflight = p->inflight >= n ? p->inflight - n : 0;
    held_here = held_here >= n ? held_here - n : 0;
    pthread_cond_broadcast(&p->cv_go);
    pthread_mutex_unlock(&p->mu);
}

void xv_dist_pool_note(xv_dist *d, uint64_t bytes, int done)
{
    xv_dist_pool *p = d->pool;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    if (done) {
        p->prog.pkgs_done++;
        p->prog.bytes_done += bytes;
    }
    if (p->progress) {
        xv_dist_progress cur = p->prog;
        cur.event = done ? XV_DIST_PACKAGE_DONE : XV_DIST_MEMBER;
        if (!done)
            cur.bytes_done += bytes;
        cur.current = d->prog.current;
        p->progress(p->progress_ud, &cur);
    }
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    xv_dist_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        size_t i = p->next;
        if (i >= p->ntasks)
            break;
        /* in order, behind the checksum lists before it, and not too far
         * ahead of the merge (what is read waits in memory until merged) */
        if (p->merged < p->barrier_need[i] || i >= p->merged + p->window) {
            pthread_cond_wait(&p->cv_go, &p->mu);
            continue;
        }
        p->next++;
        int want = p->want_sha512;
        int halted = p->halted;
        pthread_mutex_unlock(&p->mu);

        xv_dist *sub = halted ? NULL : xv_dist_sub_new(&p->opts);
        if (sub) {
            sub->pool = p;
            sub->want_sha512 = want;
            sub->start_sha512 = want;
            xv_dist_run_task(sub, &p->tasks[i]);
            sub->pool = NULL;
        } else if (p->tasks[i].progress) {
            /* read again by the merger, quietly: counted as done here */
            xv_dist tmp;
            memset(&tmp, 0, sizeof tmp);
            tmp.pool = p;
            tmp.prog.current = p->tasks[i].path;
            xv_dist_pool_note(&tmp, 0, 1);
        }

        pthread_mutex_lock(&p->mu);
        p->subs[i] = sub;
        p->done[i] = 1;
        pthread_cond_broadcast(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Would the sub-walk have read the same with d's counts before it? Every
 * count a limit tests only grows, so it is enough that the sums stay under
 * the limits and that nothing in the sub-walk was capped or halted. */
static int fits(const xv_dist *d, const xv_dist *sub)
{
    if (d->halted || sub->halted || sub->finds_capped || sub->lost)
        return 0;
    if (sub->start_sha512 != d->want_sha512)
        return 0;
    if (d->entries + sub->entries > d->opts.max_entries)
        return 0;
    if (d->total_expanded > d->opts.max_total ||
        sub->total_expanded > d->opts.max_total - d->total_expanded)
        return 0;
    if (d->nfinds + sub->nfinds >= XV_DIST_MAX_FINDINGS ||
        d->npkgs + sub->npkgs >= XV_DIST_MAX_PACKAGES ||
        d->ntmp + sub->ntmp >= XV_DIST_MAX_ARTIFACTS ||
        d->nimgs + sub->nimgs >= XV_DIST_MAX_ARTIFACTS ||
        d->nsums + sub->nsums >= XV_DIST_MAX_SUMFILES)
        return 0;
    size_t dpm, drf, spm, srf;
    xv_meta_counts(d, &dpm, &drf);
    xv_meta_counts(sub, &spm, &srf);
    if (dpm + spm >= XV_DIST_MAX_PACKAGES || drf + srf >= 64)
        return 0;
    /* the strings of the whole walk stay well inside one arena's cap */
    size_t strings = d->arena.total + sub->arena.total;
    for (size_t i = 0; i < d->nadopted; i++)
        strings += d->adopted[i].total;
    if (strings > ((size_t)1 << 29))
        return 0;
    return 1;
}

/* memcpy of n elements; n may be 0 with either array still unallocated
 * (memcpy's pointers must not be NULL even then). */
static void copy_n(void *dst, const void *src, size_t n, size_t elsize)
{
    if (n)
        memcpy(dst, src, n * elsize);
}

/* Appends the sub-walk to d; on failure (out of memory) d is unchanged and
 * the caller runs the task on d instead. */

static int splice(xv_dist *d, xv_dist *sub)
{
    size_t pkgoff = d->npkgs;
    size_t pkgcap = d->pkgcap;
    if (xv_dist_reserve((void **)&d->pkgs, &pkgcap, d->npkgs + sub->npkgs,
                        sizeof *d->pkgs) != 0)
        return -1;
    d->pkgcap = pkgcap;
    /* srcs always has the capacity of pkgs */
    xv_pkg_src *ns = realloc(d->srcs, (d->pkgcap ? d->pkgcap : 1) * sizeof *ns);
    if (!ns)
        return -1;
    d->srcs = ns;
    if (xv_dist_reserve((void **)&d->tmp, &d->tmpcap, d->ntmp + sub->ntmp,
                        sizeof *d->tmp) != 0 ||
        xv_dist_reserve((void **)&d->finds, &d->findcap, d->nfinds + sub->nfinds,
                        sizeof *d->finds) != 0 ||
        xv_dist_reserve((void **)&d->imgs, &d->imgcap, d->nimgs + sub->nimgs,
                        sizeof *d->imgs) != 0 ||
        xv_dist_reserve((void **)&d->sums, &d->sumcap, d->nsums + sub->nsums,
                        sizeof *d->sums) != 0 ||
        xv_dist_reserve((void **)&d->adopted, &d->adoptcap, d->nadopted + sub->nadopted + 1,
                        sizeof *d->adopted) != 0)
        return -1;
    if (xv_meta_splice(d, sub, pkgoff) != 0)
        return -1;
    for (size_t i = 0; i < sub->npkgs; i++) {
        d->pkgs[pkgoff + i] = sub->pkgs[i];
        xv_pkg_src s = sub->srcs[i];
        if (s.parent != (size_t)-1)
            s.parent += pkgoff;
        d->srcs[pkgoff + i] = s;
    }
    d->npkgs += sub->npkgs;
    for (size_t i = 0; i < sub->ntmp; i++) {
        xv_art_tmp t = sub->tmp[i];
        t.seq += d->ntmp;
        t.a.package += pkgoff;
        d->tmp[d->ntmp + i] = t;
    }
    d->ntmp += sub->ntmp;
    copy_n(d->finds + d->nfinds, sub->finds, sub->nfinds, sizeof *d->finds);
    d->nfinds += sub->nfinds;
    copy_n(d->imgs + d->nimgs, sub->imgs, sub->nimgs, sizeof *d->imgs);
    d->nimgs += sub->nimgs;
    sub->nimgs = 0;   /* d owns the images now */
    copy_n(d->sums + d->nsums, sub->sums, sub->nsums, sizeof *d->sums);
    d->nsums += sub->nsums;
    d->entries += sub->entries;
    d->total_expanded += sub->total_expanded;
    if (sub->want_sha512)
        d->want_sha512 = 1;
    for (size_t i = 0; i < sub->nadopted; i++)
        d->adopted[d->nadopted++] = sub->adopted[i];
    sub->nadopted = 0;
    d->adopted[d->nadopted++] = sub->arena;
    xv_arena_init(&sub->arena);   /* d owns the strings now */
    sub->meta = NULL;
    return 0;
}

void xv_dist_pool_run(xv_dist *d, const xv_walk_task *tasks, size_t n, int jobs)
{
    xv_dist_pool p;
    memset(&p, 0, sizeof p);
    p.tasks = tasks;
    p.ntasks = n;
    p.barrier_need = calloc(n, sizeof *p.barrier_need);
    p.subs = calloc(n, sizeof *p.subs);
    p.done = calloc(n, 1);
    if (!p.barrier_need || !p.subs || !p.done || (size_t)jobs < 2) {
        free(p.barrier_need);
        free(p.subs);
        free(p.done);
        for (size_t i = 0; i < n; i++)
            xv_dist_run_task(d, &tasks[i]);
        return;
    }
    size_t need = 0;
    for (size_t i = 0; i < n; i++) {
        p.barrier_need[i] = need;
        if (tasks[i].barrier)
            need = i + 1;
    }
    p.opts = d->opts;
    p.opts.progress = NULL;
    p.opts.progress_ud = NULL;
    if ((size_t)jobs > n)
        jobs = (int)n;
    if (jobs > 64)
        jobs = 64;
    p.window = (size_t)jobs * 2;
    p.want_sha512 = d->want_sha512;
    p.progress = d->opts.progress;
    p.progress_ud = d->opts.progress_ud;
    p.prog = d->prog;
    p.max_inflight = d->opts.max_inflight;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv_done, NULL);
    pthread_cond_init(&p.cv_go, NULL);
    /* d itself reports nothing while the workers do */
    void (*saved_progress)(void *, const xv_dist_progress *) = d->opts.progress;
    d->opts.progress = NULL;

    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    int started = 0;
    for (int k = 0; th && k < jobs; k++) {
        if (pthread_create(&th[k], NULL, worker, &p) != 0)
            break;
        started++;
    }
    if (started == 0) {
        /* no thread: the same walk, in order, on this one */
        for (size_t i = 0; i < n; i++)
            p.done[i] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&p.mu);
        while (!p.done[i])
            pthread_cond_wait(&p.cv_done, &p.mu);
        xv_dist *sub = p.subs[i];
        p.subs[i] = NULL;
        pthread_mutex_unlock(&p.mu);

        if (!sub || !fits(d, sub) || splice(d, sub) != 0)
            xv_dist_run_task(d, &tasks[i]);
        xv_dist_free(sub);

        pthread_mutex_lock(&p.mu);
        p.merged = i + 1;
        p.want_sha512 = d->want_sha512;
        p.halted = d->halted != NULL;
        pthread_cond_broadcast(&p.cv_go);
        pthread_mutex_unlock(&p.mu);
    }
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    free(th);
    d->opts.progress = saved_progress;
    d->prog = p.prog;
    d->inflight_peak = p.peak;
    d->inflight_biggest = p.biggest;
    pthread_cond_destroy(&p.cv_go);
    pthread_cond_destroy(&p.cv_done);
    pthread_mutex_destroy(&p.mu);
    free(p.barrier_need);
    free(p.subs);
    free(p.done);
}
