#ifndef BEYONDPOC_COPENBLAS_SHIM_H
#define BEYONDPOC_COPENBLAS_SHIM_H
// CBLAS comes from OpenBLAS's header; LAPACK routines are Fortran symbols inside libopenblas,
// declared here by hand because Debian's libopenblas-dev ships no LAPACKE.
#include <cblas.h>

// Cholesky factorisation of a symmetric positive-definite matrix (column-major).
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
// Eigenvalues (and optionally vectors) of a symmetric matrix, used to explain non-PSD correlations.
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
            double *work, const int *lwork, int *info, size_t jobz_len, size_t uplo_len);
// Solves A·X = B from dpotrf_'s Cholesky factor (value of information, rank correlations).
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info, size_t uplo_len);
// The inverse of a symmetric positive-definite matrix from its Cholesky factor (partial correlations).
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
#endif
