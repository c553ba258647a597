/**
 * 图书分类 (librarians, admins): the categories in display order; add, rename, move up / down (the whole
 * order is saved with `orderCategories`), remove after a confirmation (the server refuses while books use
 * the category, and its message is shown in full).
 */
import type { BookCategory } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent } from '../../utils/events';
import { catalogueAccess, moveAndSave, tell } from '../shared/catalogue';
import { namedListBehavior } from '../shared/named-list';

const NAME_MAX = 20;

const categoryList = namedListBehavior<BookCategory>({
  label: '分类名称',
  list: () => catalogueApi.categories(),
  save: (categoryId, name) => catalogueApi.saveCategory(categoryId ? { categoryId, name } : { name }),
  remove: (categoryId) => catalogueApi.removeCategory(categoryId),
  refusedRemoval: (target, message) => tell(`不能删除“${target.name}”`, message),
});

Component({
  behaviors: [pageBehavior, catalogueAccess, categoryList],
  data: {
    nameMax: NAME_MAX,
    moving: false,
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },

    onMove(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      void moveAndSave(this, Number(index), Number(delta), catalogueApi.orderCategories);
    },
  },
});
