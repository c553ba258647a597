/** The admin pages' paged lists: the one module in the main package (utils/paging.ts), which pages of both packages use. */
export * from '../../utils/paging';
